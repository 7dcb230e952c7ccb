import { ageOn, attainsAgeOn, birthdayOf } from './age';
import { calendarDate as d } from './calendar-date';

describe('age', () => {
  it('is attained on the eve of the birthday, as Japanese law reckons it', () => {
    expect(attainsAgeOn(d('1955-06-15'), 70)).toBe('2025-06-14');
    expect(ageOn(d('1955-06-15'), d('2025-06-13'))).toBe(69);
    expect(ageOn(d('1955-06-15'), d('2025-06-14'))).toBe(70);
  });

  it('a person born on 1 January attains the next age on 31 December', () => {
    expect(ageOn(d('2000-01-01'), d('2025-12-31'))).toBe(26);
    expect(ageOn(d('2000-01-01'), d('2025-12-30'))).toBe(25);
  });

  it('a 29 February birthday falls on 1 March in common years', () => {
    expect(birthdayOf(d('2004-02-29'), 21)).toBe('2025-03-01');
    expect(attainsAgeOn(d('2004-02-29'), 21)).toBe('2025-02-28');
    expect(birthdayOf(d('2004-02-29'), 20)).toBe('2024-02-29');
  });
});
