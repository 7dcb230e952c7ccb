import { detailsWithChanges } from './details-on';
import { lossBreaks, startBreaks } from './correction-bounds';
import { earliestEnd, isEndOfLossOn, revokedByLossOn } from './document-ends';
import { type QualificationAcquiredCorrected, type QualificationLostCorrected } from './events';
import { type InsuredPersonState } from './state';

/**
 * The corrected data stands for the enrolment from its start: the period's details and start, the
 * current details when it is the last period, and the day a registration carried in with it began.
 * A correction that would break R1 or R2 changes nothing: the decider never writes one.
 */
export function withCorrectedEnrolment(
  state: InsuredPersonState,
  { correctedEventId, ...corrected }: QualificationAcquiredCorrected['data'],
): InsuredPersonState {
  const index = state.periods.findIndex((period) => period.enrolmentEventId === correctedEventId);
  const correctedPeriod = state.periods[index];
  if (!correctedPeriod || startBreaks(state.periods, index, corrected.acquiredOn)) return state;
  const wasFrom = correctedPeriod.acquiredOn;
  const periods = state.periods.map((period) =>
    period === correctedPeriod ? { ...period, acquiredOn: corrected.acquiredOn, enrolmentDetails: corrected } : period,
  );
  // A cancellation carried in took effect on the enrolment's day: the corrected one.
  const registration =
    corrected.carriedRegistration === 'cancelled' &&
    state.registration.state === 'cancelled' &&
    state.registration.effectiveOn === wasFrom
      ? { state: 'cancelled' as const, effectiveOn: corrected.acquiredOn }
      : state.registration;
  const registrationHistory = corrected.carriedRegistration
    ? state.registrationHistory.map((change) =>
        change.from === wasFrom && change.state === corrected.carriedRegistration
          ? { ...change, from: corrected.acquiredOn }
          : change,
      )
    : state.registrationHistory;
  if (correctedPeriod !== state.periods.at(-1)) return { ...state, periods, registration, registrationHistory };
  const current = periods.at(-1)!;
  return {
    ...state,
    qualification: detailsWithChanges(current.enrolmentDetails, current.detailsChanges),
    periods,
    registration,
    registrationHistory,
  };
}

/**
 * The corrected date ends the period, and every document the loss revoked ends on it instead, unless
 * something else ended it earlier. A correction that would break R1 or R2 ends nothing, as a change
 * on no period's date changes nothing: the decider never writes one.
 */
export function withCorrectedLoss(
  state: InsuredPersonState,
  { correctedEventId, lostOn, reason }: QualificationLostCorrected['data'],
): InsuredPersonState {
  const index = state.periods.findIndex((period) => period.lossEventId === correctedEventId);
  const correctedPeriod = state.periods[index];
  if (!correctedPeriod || lossBreaks(state.periods, index, lostOn)) return state;
  const wasOn = correctedPeriod.lostOn;
  const documents = new Map(state.documents);
  for (const document of state.documents.values()) {
    if (!revokedByLossOn(document, wasOn)) continue;
    const ends = document.ends!.map((end) => (isEndOfLossOn(end, wasOn) ? { ...end, on: lostOn } : end));
    documents.set(document.documentId, {
      ...document,
      end: ends.reduce((first, end) => earliestEnd(first, end)),
      ends,
    });
  }
  return {
    ...state,
    periods: state.periods.map((period) =>
      period === correctedPeriod ? { ...period, lostOn, lossReason: reason } : period,
    ),
    documents,
  };
}
