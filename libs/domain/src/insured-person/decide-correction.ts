import { type CalendarDate } from '../calendar';
import { refuse } from '../errors/domain-error';
import { type EventId } from '../identifiers';
import { type LedgerPolicy } from '../policy';
import { type CorrectQualificationAcquired, type CorrectQualificationLost } from './commands';
import { requireBurdenRatio, requireEnrolmentDetails, requireStartAfterPeriodBefore } from './decide-qualification';
import { liveDocumentsOn } from './documents';
import {
  event,
  type InsuredPersonEvent,
  type QualificationAcquiredCorrected,
  type QualificationAcquiredData,
} from './events';
import { revocations } from './revocations';
import { lossBreaks, startBreaks } from './correction-bounds';
import { revokedByLossOn } from './document-ends';
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
  const index = correctedPeriodIndex(state, 'enrolmentEventId', correctedEventId);
  const period = state.periods[index]!;
  const { insurerNumber, carriedRegistration } = period.enrolmentDetails;
  const corrected: QualificationAcquiredData = {
    ...asReported,
    insurerNumber,
    ...(carriedRegistration !== undefined && { carriedRegistration }),
  };
  const { acquiredOn, birthDate } = corrected;
  const broken = startBreaks(state.periods, index, acquiredOn);
  if (broken === 'R1') requireStartAfterPeriodBefore(state.periods[index - 1], acquiredOn);
  if (broken === 'R2') {
    refuse('LOSS_BEFORE_ACQUISITION', 'R2', `the qualification was lost on ${period.lostOn}, before ${acquiredOn}`);
  }
  const firstRecorded = datesRecordedIn(state, period).sort().at(0);
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
    if (changed.burdenRatio !== undefined) {
      requireBurdenRatio(changed.burdenRatio, birthDate, effectiveOn, corrected.insurerNumber);
    }
  }
  if (sameEnrolment(period.enrolmentDetails, corrected)) {
    refuse('CORRECTION_CHANGES_NOTHING', undefined, 'the corrected enrolment is the enrolment as recorded');
  }
  return [event('QualificationAcquiredCorrected', { ...corrected, correctedEventId })];
}

/**
 * A corrected withdrawal must still fit the person's history as recorded: it ends the period on or
 * after its start (R2), by the time the next one began (R1), and after everything recorded for the
 * period, each of which needed its coverage; it must change something. Moved to an earlier date, it
 * revokes what was still live then, as the loss does (R12); documents the loss revoked end on the
 * corrected date, moved either way.
 */
export function correctQualificationLost(
  { data: { correctedEventId, lostOn, reason } }: CorrectQualificationLost,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): InsuredPersonEvent[] {
  const index = correctedPeriodIndex(state, 'lossEventId', correctedEventId);
  const period = state.periods[index]!;
  const wasOn = period.lostOn!;
  const broken = lossBreaks(state.periods, index, lostOn);
  if (broken === 'R2') {
    refuse('LOSS_BEFORE_ACQUISITION', 'R2', `lostOn ${lostOn} is before acquiredOn ${period.acquiredOn}`);
  }
  if (broken === 'R1') {
    refuse(
      'ALREADY_QUALIFIED',
      'R1',
      `the person enrolled with this insurer again on ${state.periods[index + 1]!.acquiredOn}, before ${lostOn}`,
    );
  }
  const lastRecorded = datesRecordedIn(state, period).sort().at(-1);
  if (lastRecorded !== undefined && lostOn <= lastRecorded) {
    refuse(
      'CORRECTION_BEFORE_RECORDED_FACT',
      undefined,
      `the corrected lostOn ${lostOn} is not after ${lastRecorded}, the date of a change, registration, ` +
        'document, restriction or care needs recorded for this enrolment, which needed its coverage',
    );
  }
  if (lostOn === wasOn && reason === period.lossReason) {
    refuse('CORRECTION_CHANGES_NOTHING', undefined, 'the corrected withdrawal is the withdrawal as recorded');
  }
  // What the loss revoked moves with it; a document valid only from the corrected date on is a later enrolment's.
  const stillLive =
    lostOn < wasOn
      ? liveDocumentsOn(state, lostOn, policy).filter(
          (document) => document.validFrom < lostOn && !revokedByLossOn(document, wasOn),
        )
      : [];
  return [
    event('QualificationLostCorrected', { lostOn, reason, correctedEventId }),
    ...revocations(stillLive, lostOn, 'qualification-lost'),
  ];
}

const correctedEvents = {
  enrolmentEventId: 'an enrolment (QualificationAcquired)',
  lossEventId: 'a withdrawal (QualificationLost)',
} as const;

/** The period whose enrolment or loss the correction names; nothing else of the stream can be corrected (R41). */
function correctedPeriodIndex(
  state: InsuredPersonState,
  by: keyof typeof correctedEvents,
  correctedEventId: EventId,
): number {
  const index = state.periods.findIndex((period) => period[by] === correctedEventId);
  if (index < 0) {
    refuse(
      'CORRECTED_EVENT_NOT_FOUND',
      'R41',
      `event ${correctedEventId} is not ${correctedEvents[by]} of this person's stream`,
    );
  }
  return index;
}

/**
 * The dates of what was recorded as happening in the period, from its start up to its loss, each of
 * which needed the period's coverage: changes, registration changes, the documents issued in it (their
 * issue and start), a card working again (R27), restrictions, care needs. The registration carried in
 * with the enrolment begins with it and moves with a corrected start.
 */
function datesRecordedIn(state: InsuredPersonState, period: CoveragePeriod): CalendarDate[] {
  const { acquiredOn, lostOn, enrolmentDetails } = period;
  const inPeriod = (on: CalendarDate) => on >= acquiredOn && (lostOn === undefined || on < lostOn);
  const carriedIn = (change: InsuredPersonState['registrationHistory'][number]) =>
    change.from === acquiredOn && change.state === enrolmentDetails.carriedRegistration;
  const issuedInPeriod = [...state.documents.values()].filter((document) => inPeriod(document.issuedOn));
  return [
    ...period.detailsChanges.map((change) => change.effectiveOn),
    ...state.registrationHistory.filter((change) => !carriedIn(change)).map((change) => change.from),
    ...issuedInPeriod.flatMap((document) => [document.issuedOn, document.validFrom]),
    ...[...state.documents.values()].flatMap(
      (document) => document.ends?.filter((end) => end.reason === 'card-working').map((end) => end.on) ?? [],
    ),
    ...state.restrictionPeriods.map((restriction) => restriction.filedOn),
    ...state.careNeedsPeriods.map((careNeeds) => careNeeds.recognizedOn),
  ].filter(inPeriod);
}

const sameEnrolment = (recorded: QualificationAcquiredData, corrected: QualificationAcquiredData): boolean => {
  const keys = new Set([...Object.keys(recorded), ...Object.keys(corrected)]) as Set<keyof QualificationAcquiredData>;
  return [...keys].every((key) => recorded[key] === corrected[key]);
};
