import {
  type CalendarDate,
  type CoveragePeriod,
  detailsOn,
  hasCareNeedsOn,
  type InsuredPersonState,
  isCoveredOn,
  isRestrictedOn,
  periodOn,
  type RegistrationState,
  registrationStateOn,
} from '@ledger/domain';

/** What the qualification read model answers for a person on a date (DOMAIN.md §6.1). */
export interface QualificationView {
  readonly on: CalendarDate;
  readonly covered: boolean;
  readonly insurerNumber: string;
  readonly symbol?: string;
  readonly number: string;
  readonly branch?: string;
  readonly relationship: 'insured' | 'dependant';
  readonly burdenRatio: number;
  readonly acquiredOn: CalendarDate;
  readonly lostOn?: CalendarDate;
  readonly registration: RegistrationState;
  readonly viewingRestriction: boolean;
  readonly careNeeds: boolean;
  /** Each enrolment, with the ids of its QualificationAcquired and QualificationLost: the events corrections name. */
  readonly periods: readonly Pick<
    CoveragePeriod,
    'acquiredOn' | 'lostOn' | 'enrolmentEventId' | 'lossReason' | 'lossEventId'
  >[];
}

/** Evaluated for the date asked, never frozen at write time: the same state answers every date. */
export function qualificationOn(state: InsuredPersonState, on: CalendarDate): QualificationView | undefined {
  // Before enrolment the person is shown with the enrolment's details, and not covered.
  const period = periodOn(state.periods, on);
  const qualification = detailsOn(state, on);
  if (!period || !qualification) return undefined;
  return {
    on,
    covered: isCoveredOn(state, on),
    insurerNumber: qualification.insurerNumber,
    ...(qualification.symbol !== undefined && { symbol: qualification.symbol }),
    number: qualification.number,
    ...(qualification.branch !== undefined && { branch: qualification.branch }),
    relationship: qualification.relationship,
    burdenRatio: qualification.burdenRatio,
    acquiredOn: period.acquiredOn,
    ...(period.lostOn !== undefined && { lostOn: period.lostOn }),
    registration: registrationStateOn(state, on),
    viewingRestriction: isRestrictedOn(state, on),
    careNeeds: hasCareNeedsOn(state, on),
    periods: state.periods.map(({ acquiredOn, lostOn, enrolmentEventId, lossReason, lossEventId }) => ({
      acquiredOn,
      ...(lostOn !== undefined && { lostOn }),
      ...(enrolmentEventId !== undefined && { enrolmentEventId }),
      ...(lossReason !== undefined && { lossReason }),
      ...(lossEventId !== undefined && { lossEventId }),
    })),
  };
}
