import { type CalendarDate, latest } from '../calendar';
import { type LedgerPolicy } from '../policy';
import { certificateGroundsOn } from './certificate-grounds';
import { isCoveredOn } from './coverage';
import { documentsOfType, isLiveOn, takesOverOn } from './documents';
import { type DocumentIssuedData, type DocumentRevoked } from './events';
import { revocations } from './revocations';
import { type InsuredPersonState, type IssuedDocument } from './state';

/**
 * The card works for insurance on the day and nothing else grounds a certificate: registered, no
 * cancellation pending that a certificate answers (R37), no care needs, no restriction (R22, R33).
 */
const cardWorksAloneOn = (state: InsuredPersonState, on: CalendarDate, policy: LedgerPolicy): boolean =>
  isCoveredOn(state, on) && certificateGroundsOn(state, on, policy).length === 0;

/**
 * The changes on record that make the card work again (R27): a registration, and a restriction
 * lifted, which blocked it (R30). Care needs ending do not: the card worked all along, and a
 * certificate held beside it (R22) is revoked by the insurer when it is no longer needed.
 */
const cardWorkingAgain = (state: InsuredPersonState): CalendarDate[] => [
  ...state.registrationHistory.filter((change) => change.state === 'registered').map((change) => change.from),
  ...state.restrictionPeriods.flatMap((period) => period.liftedOn ?? []),
];

/**
 * The first day from `since` on that such a change leaves the card working alone for the
 * certificate: never before its own first day, for one mailed ahead (R42).
 */
const firstDayCardWorksAlone = (
  state: InsuredPersonState,
  certificate: Pick<IssuedDocument, 'issuedOn' | 'validFrom'>,
  since: CalendarDate,
  policy: LedgerPolicy,
): CalendarDate | undefined =>
  cardWorkingAgain(state)
    .filter((day) => day >= since)
    .map((day) => latest(day, takesOverOn(certificate)))
    .filter((day) => cardWorksAloneOn(state, day, policy))
    .sort()[0];

/**
 * R27: a change from `changedOn` that makes the card work again (`after`: the state with it folded
 * in) revokes every certificate live when the card works alone, on that day. A change recorded late
 * counts the changes on record after it too: the outcome is that of recording them in date order.
 */
export function revokedForWorkingCard(
  after: InsuredPersonState,
  changedOn: CalendarDate,
  policy: LedgerPolicy,
): DocumentRevoked[] {
  return documentsOfType(after, 'eligibility-certificate').flatMap((certificate) => {
    const from = firstDayCardWorksAlone(after, certificate, changedOn, policy);
    return from !== undefined && isLiveOn(after, certificate, from, policy)
      ? revocations([certificate], from, 'card-working')
      : [];
  });
}

/**
 * A certificate recorded after a change that made the card work again from its day of issue on (one
 * mailed ahead of a registration, a history loaded late) is revoked as that change would have
 * revoked it, had it come later (R27).
 */
export function revokedByRecordedCardWorking(
  data: DocumentIssuedData & { readonly validUntil: CalendarDate },
  state: InsuredPersonState,
  policy: LedgerPolicy,
): DocumentRevoked[] {
  const from = firstDayCardWorksAlone(state, data, data.issuedOn, policy);
  return from === undefined || from > data.validUntil ? [] : revocations([data], from, 'card-working');
}
