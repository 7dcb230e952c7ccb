import { type InsuredPersonCommand } from './commands';
import { isCoveredOn, usableLegacyCardOn } from './coverage';
import { decide, foldEvents } from './decide';
import { isValidOn, validDocumentsOn } from './documents';
import { event, type InsuredPersonEvent, type LossReason, type QualificationAcquiredData } from './events';
import { type EventId } from '../identifiers';
import { defaultPolicy } from '../policy';
import {
  acquired,
  certificateIssued,
  documentId,
  employeeInsurer,
  given,
  issuedData,
  legacyCardIssued,
  on,
  registered,
  stored,
} from './person.test-kit';

const enrolmentId = '0190a5b4-3c1e-7000-8000-00000000b001' as EventId;
const withdrawalId = '0190a5b4-3c1e-7000-8000-00000000b002' as EventId;
const enrolled = (acquiredOn = '2024-04-01', id = enrolmentId) => stored(acquired({ acquiredOn: on(acquiredOn) }), id);
const withdrawn = (lostOn: string, reason: LossReason = 'moved-out') =>
  stored(event('QualificationLost', { lostOn: on(lostOn), reason }), withdrawalId);
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

  it('R27: a card working again needed coverage on its day too', () => {
    const cardWorking = event('DocumentRevoked', {
      documentId: documentId('certificate-1'),
      revokedOn: on('2025-04-01'),
      reason: 'card-working',
    });
    given([enrolled(), certificate, cardWorking, withdrawn('2025-06-01')])
      .when(correction('2025-04-01'))
      .thenRefuses('CORRECTION_BEFORE_RECORDED_FACT', undefined);
  });

  it('R1, R2: a correction another writer wrote that the decider refuses changes nothing', () => {
    const history = [
      enrolled(),
      withdrawn('2025-06-01'),
      enrolled('2025-09-01', '0190a5b4-3c1e-7000-8000-00000000b003' as EventId),
    ];
    const before = foldEvents(history);

    expect(foldEvents([...history, corrected('2024-03-01')])).toEqual(before);
    expect(foldEvents([...history, corrected('2025-10-01')])).toEqual(before);
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

  describe('decided as the command handler decides, ids included', () => {
    let sequence = 0;
    const withId = (decided: InsuredPersonEvent): InsuredPersonEvent => ({
      ...decided,
      id: `0190a5b4-3c1e-7000-8000-${String((sequence += 1)).padStart(12, '0')}` as EventId,
    });
    const play = (commands: readonly InsuredPersonCommand[], events: InsuredPersonEvent[] = []) => {
      for (const command of commands) events.push(...decide(command, foldEvents(events), defaultPolicy).map(withId));
      return events;
    };
    const enrol = (acquiredOn: string, overrides: Partial<QualificationAcquiredData> = {}): InsuredPersonCommand => ({
      type: 'AcquireQualification',
      data: acquired({ acquiredOn: on(acquiredOn), ...overrides }).data,
    });
    const lose = (lostOn: string): InsuredPersonCommand => ({
      type: 'LoseQualification',
      data: { lostOn: on(lostOn), reason: 'moved-out' },
    });
    const issue = (data: Parameters<typeof issuedData>[0]): InsuredPersonCommand => ({
      type: 'IssueDocument',
      data: issuedData(data),
    });
    const certificateFor = (id: string, issuedOn: string, validFrom: string, validUntil: string) =>
      issue({
        documentId: documentId(id),
        documentType: 'eligibility-certificate',
        issuedOn: on(issuedOn),
        validFrom: on(validFrom),
        validUntil: on(validUntil),
        occasion: 'acquisition',
      });
    const lossIds = (events: readonly InsuredPersonEvent[]) =>
      events.filter((recorded) => recorded.type === 'QualificationLost').map((recorded) => recorded.id!);
    const correctLoss = (correctedEventId: EventId, lostOn: string): InsuredPersonCommand => ({
      type: 'CorrectQualificationLost',
      data: { correctedEventId, lostOn: on(lostOn), reason: 'moved-out' },
    });

    it('R26: a loss moved past a supersession it had overtaken leaves the newer certificate alone valid', () => {
      const events = play([
        enrol('2024-04-01'),
        certificateFor('cert-a', '2025-01-10', '2025-01-10', '2026-03-31'),
        // Mailed ahead: it supersedes A from 2025-08-01.
        certificateFor('cert-b', '2025-06-20', '2025-08-01', '2026-07-31'),
        lose('2025-07-01'),
      ]);
      play([correctLoss(lossIds(events)[0]!, '2025-09-01')], events);

      const valid = validDocumentsOn(foldEvents(events), 'eligibility-certificate', on('2025-08-15'), defaultPolicy);
      expect(valid.map((document) => document.documentId)).toEqual(['cert-b']);
    });

    it('R12: a legacy card stopped by a change of details stays stopped when the loss moves past the change', () => {
      const events = play([
        enrol('2020-04-01', { insurerNumber: employeeInsurer }),
        { type: 'IssueDocument', data: legacyCardIssued().data },
        { type: 'ChangeQualificationDetails', data: { effectiveOn: on('2025-08-01'), address: '大阪府' } },
        // Reported late, dated before the change already on record.
        lose('2025-07-01'),
      ]);
      play([correctLoss(lossIds(events)[0]!, '2025-09-01')], events);

      const state = foldEvents(events);
      // Covered again after the correction: the card is stopped by the change, not by a loss.
      expect(isCoveredOn(state, on('2025-08-15'))).toBe(true);
      expect(usableLegacyCardOn(state, on('2025-07-31'), defaultPolicy)).toBeDefined();
      expect(usableLegacyCardOn(state, on('2025-08-15'), defaultPolicy)).toBeUndefined();
    });

    it("an earlier enrolment's documents do not hold a later enrolment's loss back", () => {
      const events = play([
        enrol('2024-04-01'),
        certificateFor('cert-a', '2025-01-10', '2025-01-10', '2025-07-31'),
        certificateFor('cert-b', '2025-06-20', '2025-08-01', '2026-07-31'),
        lose('2025-07-01'),
        enrol('2025-07-15'),
        lose('2025-10-01'),
      ]);

      play([correctLoss(lossIds(events)[1]!, '2025-07-20')], events);

      const state = foldEvents(events);
      expect(state.periods.map(({ acquiredOn, lostOn }) => [acquiredOn, lostOn])).toEqual([
        ['2024-04-01', '2025-07-01'],
        ['2025-07-15', '2025-07-20'],
      ]);
    });
  });
});
