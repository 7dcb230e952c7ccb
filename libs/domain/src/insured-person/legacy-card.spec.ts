import { defaultPolicy } from '../policy';
import { isCoveredOn, usableLegacyCardOn } from './coverage';
import { foldEvents } from './decide';
import { isValidOn, lastValidDay, legacyCardStopsOn } from './documents';
import { event } from './events';
import {
  acquired,
  documentId,
  given,
  insuredNumber,
  issuedData,
  lateElderlyInsurer,
  legacyCardIssued,
  on,
} from './person.test-kit';

const card = documentId('card-1');
const cardOf = (events: Parameters<typeof foldEvents>[0]) => {
  const state = foldEvents(events);
  return { state, card: state.documents.get(card)! };
};

describe('legacy card', () => {
  describe('issue', () => {
    it('R10: a legacy card issued before 2024-12-02 may still be recorded (migration)', () => {
      const data = issuedData({
        documentId: card,
        documentType: 'legacy-card',
        issuedOn: on('2024-12-01'),
        validFrom: on('2024-12-01'),
      });
      given([acquired()])
        .when({ type: 'IssueDocument', data })
        .then([event('DocumentIssued', data)]);
    });

    it('R10: no legacy card is issued or reissued on or after 2024-12-02, whatever the reason', () => {
      for (const occasion of ['acquisition', 'loss', 'renewal'] as const) {
        given([acquired()])
          .when({
            type: 'IssueDocument',
            data: issuedData({ documentType: 'legacy-card', issuedOn: on('2024-12-02'), occasion }),
          })
          .thenRefuses('LEGACY_CARD_AFTER_CUTOVER', 'R10');
      }
    });

    it('R10: the cutover comes from the policy', () => {
      const policy = { ...defaultPolicy, cutover: on('2024-11-01') };
      given([acquired()], policy)
        .when({ type: 'IssueDocument', data: issuedData({ documentType: 'legacy-card', issuedOn: on('2024-11-15') }) })
        .thenRefuses('LEGACY_CARD_AFTER_CUTOVER', 'R10');
    });

    it('is refused for a person not covered on the day of issue', () => {
      given([acquired({ acquiredOn: on('2024-01-01') })])
        .when({ type: 'IssueDocument', data: issuedData({ documentType: 'legacy-card', issuedOn: on('2023-12-31') }) })
        .thenRefuses('NOT_QUALIFIED', undefined);
    });
  });

  describe('validity after the cutover', () => {
    it('R11: a card valid on 2024-12-01 stays valid until its printed expiry when that comes first', () => {
      const { state, card: document } = cardOf([acquired(), legacyCardIssued({ validUntil: on('2025-03-31') })]);
      expect(lastValidDay(state, document, defaultPolicy)).toBe('2025-03-31');
      expect(isValidOn(state, document, on('2025-03-31'), defaultPolicy)).toBe(true);
      expect(isValidOn(state, document, on('2025-04-01'), defaultPolicy)).toBe(false);
    });

    it('R11: a card is never valid after 2025-12-01, whatever it prints', () => {
      const { state, card: document } = cardOf([acquired(), legacyCardIssued({ validUntil: on('2027-07-31') })]);
      expect(isValidOn(state, document, on('2025-12-01'), defaultPolicy)).toBe(true);
      expect(isValidOn(state, document, on('2025-12-02'), defaultPolicy)).toBe(false);
      expect(legacyCardStopsOn(state, document, defaultPolicy)).toBe('2025-12-02');
    });

    it('R11: a card without printed expiry is capped too', () => {
      const { state, card: document } = cardOf([acquired(), legacyCardIssued({ validUntil: undefined })]);
      expect(lastValidDay(state, document, defaultPolicy)).toBe('2025-12-01');
    });

    it('R11: the late-elderly scheme stops at 2025-07-31 by default', () => {
      const { state, card: document } = cardOf([
        acquired({ insurerNumber: lateElderlyInsurer, birthDate: on('1945-01-01'), burdenRatio: 10 }),
        legacyCardIssued(),
      ]);
      expect(isValidOn(state, document, on('2025-07-31'), defaultPolicy)).toBe(true);
      expect(isValidOn(state, document, on('2025-08-01'), defaultPolicy)).toBe(false);
    });

    it('R11: an insurer sets an earlier cap for its scheme in the policy', () => {
      const policy = {
        ...defaultPolicy,
        legacyCardLastValidDayByScheme: { 'national-health-insurance': on('2025-09-30') },
      };
      const { state, card: document } = cardOf([acquired(), legacyCardIssued()]);
      expect(isValidOn(state, document, on('2025-09-30'), policy)).toBe(true);
      expect(isValidOn(state, document, on('2025-10-01'), policy)).toBe(false);
    });

    it('R11: a card that had expired before the cutover stays expired on its own date', () => {
      const { state, card: document } = cardOf([acquired(), legacyCardIssued({ validUntil: on('2024-07-31') })]);
      expect(lastValidDay(state, document, defaultPolicy)).toBe('2024-07-31');
    });
  });

  describe('stops with the qualification or a change of printed details', () => {
    it.each(['2024-12-02', '2024-12-10'])(
      'R12: a change of details on or after 2024-12-02 revokes the card: %s',
      (day) => {
        const data = { effectiveOn: on(day), address: '京都府亀岡市1-1' };
        given([acquired(), legacyCardIssued()])
          .when({ type: 'ChangeQualificationDetails', data })
          .then([
            event('QualificationDetailsChanged', data),
            event('DocumentRevoked', { documentId: card, revokedOn: on(day), reason: 'details-changed' }),
          ]);
      },
    );

    it('R12: a change of details before 2024-12-02 leaves the card valid (a new card was still issued then)', () => {
      const data = { effectiveOn: on('2024-11-15'), address: '京都府亀岡市1-1' };
      given([acquired(), legacyCardIssued()])
        .when({ type: 'ChangeQualificationDetails', data })
        .then([event('QualificationDetailsChanged', data)]);
    });

    it('R12: a revoked card stops being valid on the day of revocation', () => {
      const revoked = event('DocumentRevoked', {
        documentId: card,
        revokedOn: on('2025-02-01'),
        reason: 'details-changed',
      });
      const { state, card: document } = cardOf([acquired(), legacyCardIssued(), revoked]);
      expect(isValidOn(state, document, on('2025-01-31'), defaultPolicy)).toBe(true);
      expect(isValidOn(state, document, on('2025-02-01'), defaultPolicy)).toBe(false);
      expect(legacyCardStopsOn(state, document, defaultPolicy)).toBe('2025-02-01');
    });

    it('R2, R11: a card migrated after the loss, which ran out under the cap before it, ends expired, not revoked', () => {
      const lost = event('QualificationLost', { lostOn: on('2026-01-15'), reason: 'other-insurance' });
      const migrated = issuedData({
        documentId: card,
        documentType: 'legacy-card',
        issuedOn: on('2024-04-02'),
        validFrom: on('2024-04-02'),
        validUntil: on('2026-07-31'),
        occasion: 'renewal',
      });
      given([acquired(), lost])
        .when({ type: 'IssueDocument', data: migrated })
        .then([event('DocumentIssued', migrated)]);
    });

    it('R12: a loss reported late, dated before a revocation already recorded, ends the card from the loss', () => {
      const changedLater = event('DocumentRevoked', {
        documentId: card,
        revokedOn: on('2025-03-01'),
        reason: 'details-changed',
      });
      const history = [acquired(), legacyCardIssued({ validUntil: on('2025-07-31') }), changedLater];
      const withdrawal = { lostOn: on('2025-01-15'), reason: 'other-insurance' } as const;
      given(history)
        .when({ type: 'LoseQualification', data: withdrawal })
        .then([
          event('QualificationLost', withdrawal),
          event('DocumentRevoked', { documentId: card, revokedOn: on('2025-01-15'), reason: 'qualification-lost' }),
        ]);

      const lost = event('DocumentRevoked', {
        documentId: card,
        revokedOn: on('2025-01-15'),
        reason: 'qualification-lost',
      });
      const { state, card: document } = cardOf([...history, event('QualificationLost', withdrawal), lost]);
      expect(isValidOn(state, document, on('2025-02-15'), defaultPolicy)).toBe(false);
      expect(document.end).toEqual({ how: 'revoked', on: '2025-01-15', reason: 'qualification-lost' });
    });

    it('R12: a change reported late, dated before a revocation already recorded, revokes the card from its own date', () => {
      const changedLater = event('DocumentRevoked', {
        documentId: card,
        revokedOn: on('2025-03-01'),
        reason: 'details-changed',
      });
      const data = { effectiveOn: on('2025-01-15'), number: insuredNumber('1111111') };
      given([acquired(), legacyCardIssued({ validUntil: on('2025-07-31') }), changedLater])
        .when({ type: 'ChangeQualificationDetails', data })
        .then([
          event('QualificationDetailsChanged', data),
          event('DocumentRevoked', { documentId: card, revokedOn: on('2025-01-15'), reason: 'details-changed' }),
        ]);
    });

    it('R12: a card recorded after a change of details on or after the cutover (a migration) stops on the change, as if recorded before it', () => {
      const move = event('QualificationDetailsChanged', { effectiveOn: on('2025-03-15'), address: '東京都中央区1-1' });
      const data = issuedData({
        documentId: card,
        documentType: 'legacy-card',
        issuedOn: on('2024-08-01'),
        validFrom: on('2024-08-01'),
        validUntil: on('2026-07-31'),
      });
      const stopped = event('DocumentRevoked', {
        documentId: card,
        revokedOn: on('2025-03-15'),
        reason: 'details-changed',
      });
      given([acquired(), move])
        .when({ type: 'IssueDocument', data })
        .then([event('DocumentIssued', data), stopped]);
      const before = event('QualificationDetailsChanged', {
        effectiveOn: on('2024-06-01'),
        address: '東京都中央区1-1',
      });
      given([acquired(), before])
        .when({ type: 'IssueDocument', data })
        .then([event('DocumentIssued', data)]);
      const afterItsLastDay = event('QualificationDetailsChanged', {
        effectiveOn: on('2025-12-02'),
        address: '東京都中央区1-1',
      });
      given([acquired(), afterItsLastDay])
        .when({ type: 'IssueDocument', data })
        .then([event('DocumentIssued', data)]);
    });

    it('R12: a card printed before a change on or after the cutover stops on it, also when valid only from later, whichever is recorded first', () => {
      const printedEarlier = issuedData({
        documentId: card,
        documentType: 'legacy-card',
        issuedOn: on('2024-11-20'),
        validFrom: on('2024-12-10'),
        validUntil: on('2026-07-31'),
      });
      const move = event('QualificationDetailsChanged', { effectiveOn: on('2024-12-05'), address: '東京都中央区1-1' });
      given([acquired(), move])
        .when({ type: 'IssueDocument', data: printedEarlier })
        .then([
          event('DocumentIssued', printedEarlier),
          event('DocumentRevoked', { documentId: card, revokedOn: on('2024-12-05'), reason: 'details-changed' }),
        ]);
    });

    it('R11, R13: a card reissued before the cutover replaces the one before it from its first valid day', () => {
      const reissued = issuedData({
        documentId: documentId('card-2'),
        documentType: 'legacy-card',
        issuedOn: on('2024-06-01'),
        validFrom: on('2024-06-01'),
        occasion: 'details-change',
      });
      const replaced = event('DocumentRevoked', {
        documentId: card,
        revokedOn: on('2024-06-01'),
        reason: 'superseded',
      });
      given([acquired(), legacyCardIssued()])
        .when({ type: 'IssueDocument', data: reissued })
        .then([event('DocumentIssued', reissued), replaced]);
      const state = foldEvents([acquired(), legacyCardIssued(), event('DocumentIssued', reissued), replaced]);
      expect(usableLegacyCardOn(state, on('2025-01-10'), defaultPolicy)?.documentId).toBe('card-2');
      expect(isValidOn(state, state.documents.get(card)!, on('2025-01-10'), defaultPolicy)).toBe(false);
    });

    it('R12: an end recorded later never moves an earlier one', () => {
      const first = event('DocumentRevoked', {
        documentId: card,
        revokedOn: on('2025-01-15'),
        reason: 'qualification-lost',
      });
      const later = event('DocumentReturned', { documentId: card, returnedOn: on('2025-02-01') });
      const { card: document } = cardOf([acquired(), legacyCardIssued(), first, later]);
      expect(document.end).toEqual({ how: 'revoked', on: '2025-01-15', reason: 'qualification-lost' });
      expect(document.returnedOn).toBe('2025-02-01');
    });
  });

  describe('seeing a doctor with it', () => {
    it('R13: a covered person with a valid legacy card may use it', () => {
      const state = foldEvents([acquired(), legacyCardIssued()]);
      expect(usableLegacyCardOn(state, on('2025-05-01'), defaultPolicy)?.documentId).toBe(card);
    });

    it('R13: the card is of no use once it stopped or coverage ended', () => {
      const state = foldEvents([acquired(), legacyCardIssued()]);
      expect(usableLegacyCardOn(state, on('2025-12-02'), defaultPolicy)).toBeUndefined();
      const lost = foldEvents([
        acquired(),
        legacyCardIssued(),
        event('QualificationLost', { lostOn: on('2025-03-01'), reason: 'moved-out' }),
      ]);
      expect(isCoveredOn(lost, on('2025-03-01'))).toBe(false);
      expect(usableLegacyCardOn(lost, on('2025-03-01'), defaultPolicy)).toBeUndefined();
    });
  });
});
