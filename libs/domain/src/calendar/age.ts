import { type CalendarDate, dayBefore, fromCivil, toCivil } from './calendar-date';
import { daysInMonth } from './civil-days';

/**
 * Age as Japanese law reckons it (年齢計算ニ関スル法律): a person attains an age at the end of
 * the day before the birthday, so social-insurance dates ("reaches 70") fall on that eve.
 */
export function birthdayOf(birthDate: CalendarDate, years: number): CalendarDate {
  const { year, month, day } = toCivil(birthDate);
  const target = year + years;
  // A 29 February birthday falls on 1 March in common years; its eve is then 28 February.
  return day > daysInMonth(target, month)
    ? fromCivil({ year: target, month: month + 1, day: 1 })
    : fromCivil({ year: target, month, day });
}

export const attainsAgeOn = (birthDate: CalendarDate, years: number): CalendarDate =>
  dayBefore(birthdayOf(birthDate, years));

export function ageOn(birthDate: CalendarDate, on: CalendarDate): number {
  const { year } = toCivil(on);
  // Born on 1 January, one attains the next age on 31 December: three candidates cover every case.
  const candidate = year - toCivil(birthDate).year + 1;
  if (attainsAgeOn(birthDate, candidate) <= on) return candidate;
  return attainsAgeOn(birthDate, candidate - 1) <= on ? candidate - 1 : candidate - 2;
}
