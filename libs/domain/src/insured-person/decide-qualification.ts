import { type CalendarDate } from '../calendar';
import { type InsurerNumber, insuranceSchemeOf } from '../identifiers';
import { refuse } from '../errors/domain-error';
import { type LedgerPolicy } from '../policy';
import { burdenRatiosAllowed, isBurdenRatio } from './burden-ratio';
import { type AcquireQualification, type ChangeQualificationDetails, type LoseQualification } from './commands';
import { liveDocumentsOn } from './documents';
import {
  type BurdenRatio,
  event,
  type InsuredPersonEvent,
  type PrintedDetails,
  type QualificationAcquired,
  type QualificationAcquiredData,
} from './events';
import { detailsOn } from './details-on';
import { requireCoveredOn } from './guards';
import { type CoveragePeriod, type InsuredPersonState } from './state';
import { revocations } from './revocations';

export function requireBurdenRatio(
  ratio: BurdenRatio,
  birthDate: CalendarDate,
  on: CalendarDate,
  insurerNumber: InsurerNumber,
): void {
  const allowed = burdenRatiosAllowed(birthDate, on, insuranceSchemeOf(insurerNumber));
  if (!isBurdenRatio(ratio) || !allowed.includes(ratio)) {
    refuse(
      'BURDEN_RATIO_NOT_ALLOWED',
      'R4',
      `burden ratio ${String(ratio)} is not allowed on ${on}; allowed: ${allowed.join(', ')}`,
    );
  }
}

export function acquireQualification(
  { data }: AcquireQualification,
  state: InsuredPersonState,
): QualificationAcquired[] {
  if (state.status === 'qualified') {
    refuse('ALREADY_QUALIFIED', 'R1', 'the person is already qualified with this insurer');
  }
  requireStartAfterPeriodBefore(state.periods.at(-1), data.acquiredOn);
  requireEnrolmentDetails(data);
  return [event('QualificationAcquired', data)];
}

/**
 * An enrolment starts once the period before it has ended: periods never overlap (R1). One that
 * starts earlier still, before that period, overlaps it too: a new one runs on until its loss is
 * recorded, and a corrected one ends after the period before it.
 */
export function requireStartAfterPeriodBefore(before: CoveragePeriod | undefined, acquiredOn: CalendarDate): void {
  if (before?.lostOn !== undefined && acquiredOn < before.lostOn) {
    refuse(
      'ALREADY_QUALIFIED',
      'R1',
      `the person was qualified with this insurer from ${before.acquiredOn} until the day before ${before.lostOn}: a period starting on ${acquiredOn} would overlap it`,
    );
  }
}

/** What an enrolment's own details must meet, as reported or as corrected. */
export function requireEnrolmentDetails(
  data: Pick<QualificationAcquiredData, 'insurerNumber' | 'acquiredOn' | 'birthDate' | 'burdenRatio'>,
): void {
  if (data.acquiredOn < data.birthDate) {
    refuse(
      'ACQUIRED_BEFORE_BIRTH',
      undefined,
      `coverage cannot start on ${data.acquiredOn}, before the birth date ${data.birthDate}`,
    );
  }
  requireBurdenRatio(data.burdenRatio, data.birthDate, data.acquiredOn, data.insurerNumber);
}

/** A loss ends every document that rests on the qualification, the legacy card first among them (R12). */
export function loseQualification(
  { data }: LoseQualification,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): InsuredPersonEvent[] {
  if (state.status !== 'qualified' || !state.qualification) {
    return refuse('NOT_QUALIFIED', 'R2', 'a loss needs a current qualification');
  }
  if (data.lostOn < state.qualification.acquiredOn) {
    refuse(
      'LOSS_BEFORE_ACQUISITION',
      'R2',
      `lostOn ${data.lostOn} is before acquiredOn ${state.qualification.acquiredOn}`,
    );
  }
  return [
    event('QualificationLost', data),
    ...revocations(liveDocumentsOn(state, data.lostOn, policy), data.lostOn, 'qualification-lost'),
  ];
}

/**
 * Only what really changes on the effective date is recorded: a late report is compared with the
 * details in force on its date, not with today's (R42). A report that changes nothing is recorded as
 * a confirmation, which keeps the report and its key on record. A change on or after the cutover
 * stops the legacy card (R12).
 */
export function changeQualificationDetails(
  { data }: ChangeQualificationDetails,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): InsuredPersonEvent[] {
  const { effectiveOn, ...proposed } = data;
  requireCoveredOn(state, effectiveOn, undefined, 'a change of details');
  const inForce = detailsOn(state, effectiveOn)!;
  const changed = Object.fromEntries(
    Object.entries(proposed).filter(
      ([field, value]) => value !== undefined && value !== inForce[field as keyof PrintedDetails],
    ),
  ) as Partial<PrintedDetails>;
  if (Object.keys(changed).length === 0) return [event('QualificationDetailsConfirmed', { effectiveOn })];
  if (changed.burdenRatio !== undefined) {
    requireBurdenRatio(changed.burdenRatio, inForce.birthDate, effectiveOn, inForce.insurerNumber);
  }
  const legacyCards = liveDocumentsOn(state, effectiveOn, policy).filter(
    (document) => document.documentType === 'legacy-card',
  );
  return [
    event('QualificationDetailsChanged', { effectiveOn, ...changed }),
    ...(effectiveOn >= policy.cutover ? revocations(legacyCards, effectiveOn, 'details-changed') : []),
  ];
}
