import { refuse } from '../errors/domain-error';
import { type CorrectQualificationAcquired } from './commands';
import { requireEnrolmentDetails } from './decide-qualification';
import { event, type QualificationAcquiredCorrected, type QualificationAcquiredData } from './events';
import { type InsuredPersonState } from './state';

/**
 * A corrected enrolment must still fit the person's history as recorded: it starts after the
 * period before it ended (R1), not after its own loss (R2) nor after a change of details reported
 * for it, and it meets what an enrolment meets. It keeps the insurer of the stream and the
 * registration carried in with it, and it must change something.
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
  const { acquiredOn } = corrected;
  const endOfPeriodBefore = state.periods[index - 1]?.lostOn;
  if (endOfPeriodBefore !== undefined && acquiredOn < endOfPeriodBefore) {
    refuse(
      'ALREADY_QUALIFIED',
      'R1',
      `the person was qualified with this insurer until the day before ${endOfPeriodBefore}`,
    );
  }
  if (period.lostOn !== undefined && period.lostOn < acquiredOn) {
    refuse('LOSS_BEFORE_ACQUISITION', 'R2', `the qualification was lost on ${period.lostOn}, before ${acquiredOn}`);
  }
  const firstChange = period.detailsChanges.reduce<string | undefined>(
    (first, change) => (first === undefined || change.effectiveOn < first ? change.effectiveOn : first),
    undefined,
  );
  if (firstChange !== undefined && firstChange < acquiredOn) {
    refuse(
      'CORRECTION_AFTER_CHANGE',
      undefined,
      `a change of details took effect on ${firstChange}, before the corrected acquiredOn ${acquiredOn}`,
    );
  }
  requireEnrolmentDetails(corrected);
  if (sameEnrolment(period.enrolmentDetails, corrected)) {
    refuse('CORRECTION_CHANGES_NOTHING', undefined, 'the corrected enrolment is the enrolment as recorded');
  }
  return [event('QualificationAcquiredCorrected', { ...corrected, correctedEventId })];
}

const sameEnrolment = (recorded: QualificationAcquiredData, corrected: QualificationAcquiredData): boolean => {
  const keys = new Set([...Object.keys(recorded), ...Object.keys(corrected)]) as Set<keyof QualificationAcquiredData>;
  return [...keys].every((key) => recorded[key] === corrected[key]);
};
