import { isCoveredOn } from './coverage';
import { foldEvents } from './decide';
import { isValidOn } from './documents';
import { event, type LossReason } from './events';
import { type EventId } from '../identifiers';
import { defaultPolicy } from '../policy';
import { acquired, certificateIssued, documentId, given, on, registered } from './person.test-kit';

const enrolmentId = '0190a5b4-3c1e-7000-8000-00000000b001' as EventId;
const withdrawalId = '0190a5b4-3c1e-7000-8000-00000000b002' as EventId;
const enrolled = (acquiredOn = '2024-04-01', id = enrolmentId) => ({ ...acquired({ acquiredOn: on(acquiredOn) }), id });

/** A withdrawal as a store gives it back, with its event id. */
const withdrawn = (lostOn: string, reason: LossReason = 'moved-out') => ({
  ...event('QualificationLost', { lostOn: on(lostOn), reason }),
  id: withdrawalId,
});
const correction = (lostOn: string, reason: LossReason = 'moved-out', correctedEventId = withdrawalId) => ({
  type: 'CorrectQualificationLost' as const,
  data: { lostOn: on(lostOn), reason, correctedEventId },
});
const corrected = (lostOn: string, reason: LossReason = 'moved-out') =>
  event('QualificationLostCorrected', { lostOn: on(lostOn), reason, correctedEventId: withdrawalId });

/** The certificate the loss revoked, as the loss recorded it (R12). */
const certificate = certificateIssued({ issuedOn: on('2025-01-10'), validFrom: on('2025-01-10') });
const revokedByLoss = (revokedOn: string, id = 'certificate-1') =>
  event('DocumentRevoked', { documentId: documentId(id), revokedOn: on(revokedOn), reason: 'qualification-lost' });

describe('withdrawal corrections (DOMAIN.md §4: corrections are events)', () => {
  it('R41: a correction names the withdrawal it corrects and gives its date and reason as they should have been', () => {
    given([enrolled(), withdrawn('2025-06-01')])
      .when(correction('2025-07-01'))
      .then([corrected('2025-07-01')]);
    given([enrolled(), withdrawn('2025-06-01')])
      .when(correction('2025-06-01', 'death'))
      .then([corrected('2025-06-01', 'death')]);
  });

  it('R41: a correction naming no withdrawal of the person, or changing nothing, is refused', () => {
    given([enrolled(), withdrawn('2025-06-01')])
      .when(correction('2025-07-01', 'moved-out', enrolmentId))
      .thenRefuses('CORRECTED_EVENT_NOT_FOUND', 'R41');
    given([enrolled()]).when(correction('2025-07-01')).thenRefuses('CORRECTED_EVENT_NOT_FOUND', 'R41');
    given([enrolled(), withdrawn('2025-06-01')])
      .when(correction('2025-06-01'))
      .thenRefuses('CORRECTION_CHANGES_NOTHING', undefined);
  });

  it('R2: the corrected loss may not come before the start', () => {
    given([enrolled(), withdrawn('2025-06-01')])
      .when(correction('2024-03-31'))
      .thenRefuses('LOSS_BEFORE_ACQUISITION', 'R2');
  });

  it('R1: the corrected loss may not come after the person enrolled again', () => {
    const history = [
      enrolled(),
      withdrawn('2025-06-01'),
      enrolled('2025-09-01', '0190a5b4-3c1e-7000-8000-00000000b003' as EventId),
    ];
    given(history).when(correction('2025-09-02')).thenRefuses('ALREADY_QUALIFIED', 'R1');
    given(history)
      .when(correction('2025-09-01'))
      .then([corrected('2025-09-01')]);
  });

  it('what was recorded for the enrolment needed its coverage, so the corrected loss stays after it', () => {
    given([enrolled(), registered(on('2025-03-01')), withdrawn('2025-06-01')])
      .when(correction('2025-03-01'))
      .thenRefuses('CORRECTION_BEFORE_RECORDED_FACT', undefined);
    given([enrolled(), registered(on('2025-03-01')), withdrawn('2025-06-01')])
      .when(correction('2025-03-02'))
      .then([corrected('2025-03-02')]);
  });

  it('R12: a loss corrected to an earlier date revokes from then what was still live, the loss revocations among them', () => {
    const returned = certificateIssued({
      documentId: documentId('certificate-2'),
      issuedOn: on('2025-01-10'),
      validFrom: on('2025-01-10'),
    });
    const history = [
      enrolled(),
      certificate,
      returned,
      event('DocumentReturned', { documentId: documentId('certificate-2'), returnedOn: on('2025-05-01') }),
      withdrawn('2025-06-01'),
      revokedByLoss('2025-06-01'),
    ];
    given(history)
      .when(correction('2025-04-01'))
      .then([corrected('2025-04-01'), revokedByLoss('2025-04-01', 'certificate-2')]);

    const state = foldEvents([...history, corrected('2025-04-01'), revokedByLoss('2025-04-01', 'certificate-2')]);
    expect(isCoveredOn(state, on('2025-04-15'))).toBe(false);
    for (const id of ['certificate-1', 'certificate-2']) {
      expect(isValidOn(state, state.documents.get(documentId(id))!, on('2025-04-15'), defaultPolicy)).toBe(false);
    }
  });

  it('R12: a loss corrected to a later date keeps what the loss revoked valid until then', () => {
    const state = foldEvents([
      enrolled(),
      certificate,
      withdrawn('2025-06-01'),
      revokedByLoss('2025-06-01'),
      corrected('2025-08-01'),
    ]);

    expect(isCoveredOn(state, on('2025-07-15'))).toBe(true);
    const held = state.documents.get(documentId('certificate-1'))!;
    expect(isValidOn(state, held, on('2025-07-15'), defaultPolicy)).toBe(true);
    expect(held.end).toEqual({ how: 'revoked', on: '2025-08-01', reason: 'qualification-lost' });
  });

  it('R12: a document returned before the corrected later loss ends on its return', () => {
    const state = foldEvents([
      enrolled(),
      certificate,
      withdrawn('2025-06-01'),
      revokedByLoss('2025-06-01'),
      event('DocumentReturned', { documentId: documentId('certificate-1'), returnedOn: on('2025-06-20') }),
      corrected('2025-08-01'),
    ]);

    expect(state.documents.get(documentId('certificate-1'))!.end).toEqual({ how: 'returned', on: '2025-06-20' });
  });

  it('R42: the corrected reason and date are what the period shows', () => {
    const state = foldEvents([enrolled(), withdrawn('2025-06-01'), corrected('2025-05-01', 'death')]);

    expect(state.periods[0]).toMatchObject({ lostOn: '2025-05-01', lossReason: 'death', lossEventId: withdrawalId });
  });
});
