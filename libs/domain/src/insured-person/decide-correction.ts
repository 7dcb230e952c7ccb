import { type CalendarDate } from '../calendar';
import { refuse } from '../errors/domain-error';
import { type CorrectQualificationAcquired } from './commands';
import { requireBurdenRatio, requireEnrolmentDetails, requireStartAfterPeriodBefore } from './decide-qualification';
import { event, type QualificationAcquiredCorrected, type QualificationAcquiredData } from './events';
import { type CoveragePeriod, type InsuredPersonState } from './state';

/**
 * A corrected enrolment must still fit the person's history as recorded: it starts after the
 * period before it ended (R1), not after its own loss (R2) nor after anything recorded for it, each
 * of which needed its coverage; the ratios changed in it stay allowed at the corrected age (R4); and
 * it meets what an enrolment meets. It keeps the insurer of the stream and the registration carried
 * in with it, and it must change something.
 */
export function correctQualificationAcquired(
  { data: { correctedEventId, ...asReported } }: CorrectQualificationAcquired,
  state: InsuredPersonState,
): QualificationAcquiredCorrected[] {
  const index = state.periods.findIndex((period) => period.enrolmentEventId === correctedEventId);
  if (index < 0) {
    return refuse(
      'CORRECTED_EVENT_NOT_FOUND',
      'R41',
      `no enrolment (QualificationAcquired) with event id ${correctedEventId} is in this person's stream`,
    );
  }
  const period = state.periods[index]!;
  const { insurerNumber, carriedRegistration } = period.enrolmentDetails;
  const corrected: QualificationAcquiredData = {
    ...asReported,
    insurerNumber,
    ...(carriedRegistration !== undefined && { carriedRegistration }),
  };
  const { acquiredOn, birthDate } = corrected;
  requireStartAfterPeriodBefore(state.periods[index - 1], acquiredOn);
  if (period.lostOn !== undefined && period.lostOn < acquiredOn) {
    refuse('LOSS_BEFORE_ACQUISITION', 'R2', `the qualification was lost on ${period.lostOn}, before ${acquiredOn}`);
  }
  const firstRecorded = firstDateRecordedIn(state, period);
  if (firstRecorded !== undefined && firstRecorded < acquiredOn) {
    refuse(
      'CORRECTION_AFTER_RECORDED_FACT',
      undefined,
      `the corrected acquiredOn ${acquiredOn} is after ${firstRecorded}, the date of a change, registration, ` +
        'document, restriction or care needs recorded for this enrolment, which needed its coverage',
    );
  }
  requireEnrolmentDetails(corrected);
  for (const { effectiveOn, changed } of period.detailsChanges) {
    if (changed.burdenRatio !== undefined) requireBurdenRatio(changed.burdenRatio, birthDate, effectiveOn);
  }
  if (sameEnrolment(period.enrolmentDetails, corrected)) {
    refuse('CORRECTION_CHANGES_NOTHING', undefined, 'the corrected enrolment is the enrolment as recorded');
  }
  return [event('QualificationAcquiredCorrected', { ...corrected, correctedEventId })];
}

/**
 * The earliest date of what was recorded as happening in the period, from its start up to its loss.
 * The registration carried in with the enrolment begins with it and moves with a corrected start.
 */
function firstDateRecordedIn(state: InsuredPersonState, period: CoveragePeriod): CalendarDate | undefined {
  const { acquiredOn, lostOn, enrolmentDetails } = period;
  const inPeriod = (on: CalendarDate) => on >= acquiredOn && (lostOn === undefined || on < lostOn);
  const carriedIn = (change: InsuredPersonState['registrationHistory'][number]) =>
    change.from === acquiredOn && change.state === enrolmentDetails.carriedRegistration;
  const dates = [
    ...period.detailsChanges.map((change) => change.effectiveOn),
    ...state.registrationHistory.filter((change) => !carriedIn(change)).map((change) => change.from),
    ...[...state.documents.values()].flatMap((document) => [document.issuedOn, document.validFrom]),
    ...state.restrictionPeriods.map((restriction) => restriction.filedOn),
    ...state.careNeedsPeriods.map((careNeeds) => careNeeds.recognizedOn),
  ].filter(inPeriod);
  return dates.length === 0 ? undefined : dates.reduce((first, on) => (on < first ? on : first));
}

const sameEnrolment = (recorded: QualificationAcquiredData, corrected: QualificationAcquiredData): boolean => {
  const keys = new Set([...Object.keys(recorded), ...Object.keys(corrected)]) as Set<keyof QualificationAcquiredData>;
  return [...keys].every((key) => recorded[key] === corrected[key]);
};
