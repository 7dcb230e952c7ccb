import { type CalendarDate, compareDates, dayAfter, earliest, latest, nextOccurrence } from '../calendar';
import { type RuleId } from '../errors/domain-error';
import { insuranceSchemeOf } from '../identifiers';
import { type LedgerPolicy } from '../policy';
import { isAged70OrOver } from './burden-ratio';
import { type CertificateGround, certificateGroundsOn } from './certificate-grounds';
import { coveragePeriodOn, isCoveredOn } from './coverage';
import { detailsWithChanges } from './details-on';
import {
  documentsOfType,
  isValidOn,
  lastValidDay,
  legacyCardStopsOn,
  takesOverOn,
  validDocumentsOn,
} from './documents';
import { type DocumentType, type IssueOccasion } from './events';
import { type InsuredPersonState } from './state';

/** A document the insurer owes the person, from when, and which rule says so. */
export interface Obligation {
  readonly documentType: Extract<DocumentType, 'eligibility-certificate' | 'qualification-notice'>;
  readonly occasion: IssueOccasion;
  readonly rule: RuleId;
  readonly dueOn: CalendarDate;
  /** Set when R21 put the issue off, to the bulk renewal or the legacy card's end, because the card was still valid. */
  readonly deferred?: boolean;
}

/**
 * The documents the person is owed on `on`, due then or later: a certificate R21 put off to the
 * bulk renewal is owed from the cancellation on, and due at the renewal.
 */
export function documentsOwed(state: InsuredPersonState, on: CalendarDate, policy: LedgerPolicy): Obligation[] {
  if (!isCoveredOn(state, on)) return [];
  const certificate = certificateDue(state, on, policy);
  return [...(certificate ? [certificate] : []), ...noticesDue(state, on, policy)];
}

/** The documents due by `on`: projections and worklists ask this of every person. */
export const documentsDue = (state: InsuredPersonState, on: CalendarDate, policy: LedgerPolicy): Obligation[] =>
  documentsOwed(state, on, policy).filter((obligation) => obligation.dueOn <= on);

/**
 * Only certificates issued by `on` in the coverage period of `on` count, as the documents view shows
 * them: one valid from an earlier day settles nothing before it was issued. The last one to stop
 * counting (run out, lost, returned, revoked) makes the certificate owed again from that day; one
 * that ran out before anything else ended it is renewed.
 */
function certificateDue(state: InsuredPersonState, on: CalendarDate, policy: LedgerPolicy): Obligation | undefined {
  const period = coveragePeriodOn(state, on)!;
  const issued = documentsOfType(state, 'eligibility-certificate').filter(
    (certificate) => certificate.issuedOn <= on && certificate.issuedOn >= period.acquiredOn,
  );
  if (issued.some((certificate) => isValidOn(state, certificate, on, policy))) return undefined;
  const stops = issued.flatMap((certificate) => {
    const until = lastValidDay(state, certificate, policy);
    const ranOutOn = until === undefined ? undefined : dayAfter(until);
    const endedOn = certificate.end?.on;
    const stopOn = ranOutOn === undefined ? endedOn : endedOn === undefined ? ranOutOn : earliest(ranOutOn, endedOn);
    return stopOn !== undefined && stopOn <= on ? [{ on: stopOn, ranOut: stopOn === ranOutOn }] : [];
  });
  const lastStop = stops.sort((a, b) => compareDates(a.on, b.on)).at(-1);
  // Before the cutover the legacy card served: no certificate was owed, whatever the ground.
  // Of two due the same day, a deferral says more: the certificate is pending issuance (§6.2).
  const [first] = certificateGroundsOn(state, on, policy)
    .map((ground) => obligationFor(state, ground, policy))
    .map((obligation) => ({ ...obligation, dueOn: latest(obligation.dueOn, policy.cutover) }))
    .sort((a, b) => compareDates(a.dueOn, b.dueOn) || Number(b.deferred ?? false) - Number(a.deferred ?? false));
  if (!first || lastStop === undefined) return first;
  return { ...first, ...(lastStop.ranOut && { occasion: 'renewal' }), dueOn: latest(first.dueOn, lastStop.on) };
}

function obligationFor(state: InsuredPersonState, ground: CertificateGround, policy: LedgerPolicy): Obligation {
  const base = { documentType: 'eligibility-certificate', occasion: ground.occasion, rule: ground.rule } as const;
  if (ground.rule === 'R20') {
    // "At the latest when the legacy card stops being valid" (R20): not before the last one stops.
    const lastCardStops = documentsOfType(state, 'legacy-card')
      .flatMap((card) => legacyCardStopsOn(state, card, policy) ?? [])
      .sort()
      .at(-1);
    return { ...base, dueOn: lastCardStops === undefined ? ground.since : latest(ground.since, lastCardStops) };
  }
  // No certificate before the cutover: a cancellation before it is deferred from the cutover on.
  const owedFrom = latest(ground.since, policy.cutover);
  const legacyCard = validDocumentsOn(state, 'legacy-card', owedFrom, policy)[0];
  const cardStops = legacyCard && legacyCardStopsOn(state, legacyCard, policy);
  if (ground.rule !== 'R21' || cardStops === undefined) return { ...base, dueOn: ground.since };
  const scheme = state.qualification && insuranceSchemeOf(state.qualification.insurerNumber);
  const renewal = scheme && policy.bulkRenewal[scheme];
  const renewalOn = renewal && nextOccurrence(owedFrom, renewal.month, renewal.day);
  return { ...base, dueOn: renewalOn ? earliest(renewalOn, cardStops) : cardStops, deferred: true };
}

/**
 * R28: a notice on a new acquisition, and on a burden-ratio change at 70 or over; both since the
 * cutover. Asked of the coverage period the date falls in and the last ratio change in force by
 * then, so that a re-enrolment or a later change leaves earlier dates' answers alone (R42).
 */
function noticesDue(state: InsuredPersonState, on: CalendarDate, policy: LedgerPolicy): Obligation[] {
  const period = coveragePeriodOn(state, on);
  if (!period) return [];
  const notices = documentsOfType(state, 'qualification-notice');
  // Only a notice issued by `on` settles the obligation: asked for an earlier date, it was still due.
  // A notice mailed ahead of the day it takes over settles what is owed from that day.
  const noticeSince = (day: CalendarDate) =>
    notices.some((notice) => takesOverOn(notice) >= day && notice.issuedOn <= on);
  const due: Obligation[] = [];
  const { acquiredOn } = period;
  if (acquiredOn >= policy.cutover && !noticeSince(acquiredOn)) {
    due.push({ documentType: 'qualification-notice', occasion: 'acquisition', rule: 'R28', dueOn: acquiredOn });
  }
  const ratioChangedOn = period.detailsChanges
    .filter((change) => change.changed.burdenRatio !== undefined && change.effectiveOn <= on)
    .map((change) => change.effectiveOn)
    .sort()
    .at(-1);
  if (
    ratioChangedOn !== undefined &&
    ratioChangedOn >= policy.cutover &&
    isAged70OrOver(
      detailsWithChanges(period.enrolmentDetails, period.detailsChanges, ratioChangedOn).birthDate,
      ratioChangedOn,
    ) &&
    !noticeSince(ratioChangedOn)
  ) {
    due.push({ documentType: 'qualification-notice', occasion: 'ratio-change', rule: 'R28', dueOn: ratioChangedOn });
  }
  return due;
}
