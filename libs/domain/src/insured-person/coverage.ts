import { type CalendarDate, compareDates } from '../calendar';
import { type LedgerPolicy } from '../policy';
import { periodOn } from './details-on';
import { validDocumentsOn } from './documents';
import {
  type CareNeedsPeriod,
  type CoveragePeriod,
  type InsuredPersonState,
  type IssuedDocument,
  type Registration,
  type RegistrationChange,
  type RestrictionPeriod,
} from './state';

/** The coverage period a date falls in: from `acquiredOn` through the day before `lostOn` (R2). */
export function coveragePeriodOn(state: InsuredPersonState, on: CalendarDate): CoveragePeriod | undefined {
  const period = periodOn(state.periods, on);
  return period && period.acquiredOn <= on && (period.lostOn === undefined || on < period.lostOn) ? period : undefined;
}

export const isCoveredOn = (state: InsuredPersonState, on: CalendarDate): boolean =>
  coveragePeriodOn(state, on) !== undefined;

export type RegistrationState = Registration['state'];

/**
 * The registration change in force on a date: the last that had begun by then, in date order (late
 * reports included; the sort is stable, so changes of one day keep their recorded order). A
 * cancellation counts as pending until the day it takes effect (R35). With `of`, the last change
 * to that state by then, whatever came after it.
 */
export function registrationChangeOn(
  state: InsuredPersonState,
  on: CalendarDate,
  of?: RegistrationState,
): RegistrationChange | undefined {
  return state.registrationHistory
    .filter((change) => change.from <= on && (of === undefined || change.state === of))
    .sort((a, b) => compareDates(a.from, b.from))
    .at(-1);
}

/** The registration on a date (R35, R42). */
export const registrationStateOn = (state: InsuredPersonState, on: CalendarDate): RegistrationState =>
  registrationChangeOn(state, on)?.state ?? 'none';

export const hasActiveRegistrationOn = (state: InsuredPersonState, on: CalendarDate): boolean => {
  const registration = registrationStateOn(state, on);
  return registration === 'registered' || registration === 'cancellation-pending';
};

/** The restriction period in force on a date, lifted since or not (R30, R42). */
export const restrictionOn = (state: InsuredPersonState, on: CalendarDate): RestrictionPeriod | undefined =>
  state.restrictionPeriods.find(
    (period) => period.filedOn <= on && (period.liftedOn === undefined || on < period.liftedOn),
  );

export const isRestrictedOn = (state: InsuredPersonState, on: CalendarDate): boolean =>
  restrictionOn(state, on) !== undefined;

/**
 * Whether a viewing restriction was ever filed for the person, lifted since or not: what an
 * unrecorded read (an export, a feed) withholds for, since a lift does not make a shelter's address
 * or the visits made under protection safe to show (R31).
 */
export const hadViewingRestriction = (state: InsuredPersonState): boolean => state.restrictionPeriods.length > 0;

/** The care needs recognized on a date, ended since or not (R22, R42). */
export const careNeedsOn = (state: InsuredPersonState, on: CalendarDate): CareNeedsPeriod | undefined =>
  state.careNeedsPeriods.find(
    (period) => period.recognizedOn <= on && (period.endedOn === undefined || on < period.endedOn),
  );

export const hasCareNeedsOn = (state: InsuredPersonState, on: CalendarDate): boolean =>
  careNeedsOn(state, on) !== undefined;

/** Card use for insurance: registered and not blocked by a viewing restriction in force (R30, R31). */
export const isCardUsableOn = (state: InsuredPersonState, on: CalendarDate): boolean =>
  isCoveredOn(state, on) && hasActiveRegistrationOn(state, on) && !isRestrictedOn(state, on);

/** A valid legacy card still lets the person see a doctor with it (R13). */
export const usableLegacyCardOn = (
  state: InsuredPersonState,
  on: CalendarDate,
  policy: LedgerPolicy,
): IssuedDocument | undefined =>
  isCoveredOn(state, on) ? validDocumentsOn(state, 'legacy-card', on, policy)[0] : undefined;

/** Care needs recognized on the date, or a viewing restriction in force then, which counts as one (R22, R33). */
export const needsConsiderationOn = (state: InsuredPersonState, on: CalendarDate): boolean =>
  hasCareNeedsOn(state, on) || isRestrictedOn(state, on);
