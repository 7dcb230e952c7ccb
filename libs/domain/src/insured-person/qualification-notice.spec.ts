import { defaultPolicy } from '../policy';
import { foldEvents } from './decide';
import { event } from './events';
import { documentsDue } from './obligations';
import { acquired, documentId, given, issuedData, lateElderlyInsurer, on } from './person.test-kit';

const notice = (overrides: Partial<Parameters<typeof issuedData>[0]> = {}) =>
  issuedData({
    documentId: documentId('notice-1'),
    documentType: 'qualification-notice',
    occasion: 'acquisition',
    issuedOn: on('2025-04-01'),
    validFrom: on('2025-04-01'),
    ...overrides,
  });
const newlyAcquired = acquired({ acquiredOn: on('2025-04-01') });
const elderly = acquired({ birthDate: on('1954-03-20'), burdenRatio: 20 });
const noticesDue = (state: ReturnType<typeof foldEvents>, day: ReturnType<typeof on>) =>
  documentsDue(state, day, defaultPolicy).filter((obligation) => obligation.documentType === 'qualification-notice');
const ratioChanged = event('QualificationDetailsChanged', { effectiveOn: on('2025-08-01'), burdenRatio: 30 });

describe('qualification notice', () => {
  it('R28: is due on a new acquisition and accepted', () => {
    expect(documentsDue(foldEvents([newlyAcquired]), on('2025-04-01'), defaultPolicy)).toContainEqual(
      expect.objectContaining({
        documentType: 'qualification-notice',
        occasion: 'acquisition',
        rule: 'R28',
        dueOn: '2025-04-01',
      }),
    );
    given([newlyAcquired])
      .when({ type: 'IssueDocument', data: notice() })
      .then([event('DocumentIssued', notice())]);
  });

  it('R28: is no longer due once issued, and not due for acquisitions before the cutover', () => {
    const withNotice = foldEvents([newlyAcquired, event('DocumentIssued', notice())]);
    expect(noticesDue(withNotice, on('2025-05-01'))).toEqual([]);
    expect(noticesDue(foldEvents([acquired()]), on('2025-05-01'))).toEqual([]);
  });

  it('R28, R42: for the days before a late notice was issued it is still shown as due', () => {
    const late = notice({ issuedOn: on('2025-04-20'), validFrom: on('2025-04-20') });
    const state = foldEvents([newlyAcquired, event('DocumentIssued', late)]);
    expect(noticesDue(state, on('2025-04-19'))).toEqual([
      { documentType: 'qualification-notice', occasion: 'acquisition', rule: 'R28', dueOn: '2025-04-01' },
    ]);
    expect(noticesDue(state, on('2025-04-20'))).toEqual([]);
  });

  it.each([
    ['70 to 74', elderly, ratioChanged],
    [
      '75 or over',
      acquired({ insurerNumber: lateElderlyInsurer, birthDate: on('1945-01-01'), burdenRatio: 10 }),
      event('QualificationDetailsChanged', { effectiveOn: on('2025-08-01'), burdenRatio: 20 }),
    ],
  ])('R28: is due when the burden ratio changes for a person aged %s, and accepted', (_, enrolled, changed) => {
    expect(noticesDue(foldEvents([enrolled, changed]), on('2025-08-01'))).toContainEqual({
      documentType: 'qualification-notice',
      occasion: 'ratio-change',
      rule: 'R28',
      dueOn: '2025-08-01',
    });
    const data = notice({ occasion: 'ratio-change', issuedOn: on('2025-08-01'), validFrom: on('2025-08-01') });
    given([enrolled, changed])
      .when({ type: 'IssueDocument', data })
      .then([event('DocumentIssued', data)]);
  });

  it('R28, R42: the notice owed for an acquisition stays owed for its days after a withdrawal and a re-enrolment', () => {
    const reEnrolled = [
      newlyAcquired,
      event('QualificationLost', { lostOn: on('2025-06-01'), reason: 'other-insurance' }),
      acquired({ acquiredOn: on('2025-09-01') }),
    ];
    expect(noticesDue(foldEvents(reEnrolled), on('2025-05-01'))).toEqual(
      noticesDue(foldEvents([newlyAcquired]), on('2025-05-01')),
    );
    expect(noticesDue(foldEvents(reEnrolled), on('2025-05-01'))).toEqual([
      expect.objectContaining({ occasion: 'acquisition', dueOn: '2025-04-01' }),
    ]);
    expect(noticesDue(foldEvents(reEnrolled), on('2025-09-01'))).toEqual([
      expect.objectContaining({ occasion: 'acquisition', dueOn: '2025-09-01' }),
    ]);
  });

  it('R28, R42: a notice owed for one ratio change stays owed for its days after a second change', () => {
    const noticed = notice({
      documentId: documentId('notice-2'),
      occasion: 'ratio-change',
      issuedOn: on('2025-12-01'),
      validFrom: on('2025-12-01'),
    });
    const twoChanges = [
      elderly,
      ratioChanged,
      event('QualificationDetailsChanged', { effectiveOn: on('2025-12-01'), burdenRatio: 20 }),
      event('DocumentIssued', noticed),
    ];
    expect(noticesDue(foldEvents(twoChanges), on('2025-09-01'))).toEqual(
      noticesDue(foldEvents([elderly, ratioChanged]), on('2025-09-01')),
    );
    expect(noticesDue(foldEvents(twoChanges), on('2025-09-01'))).toEqual([
      expect.objectContaining({ occasion: 'ratio-change', dueOn: '2025-08-01' }),
    ]);
    expect(noticesDue(foldEvents(twoChanges), on('2025-12-01'))).toEqual([]);
  });

  it('R28: a ratio-change notice mailed ahead of the change is accepted for the age at the change, and settles what is owed', () => {
    const mailedAhead = notice({ occasion: 'ratio-change', issuedOn: on('2025-07-25'), validFrom: on('2025-08-01') });
    const turning70 = [
      acquired({ birthDate: on('1955-07-10') }),
      event('QualificationDetailsChanged', { effectiveOn: on('2025-08-01'), burdenRatio: 20 }),
    ];
    given(turning70)
      .when({ type: 'IssueDocument', data: mailedAhead })
      .then([event('DocumentIssued', mailedAhead)]);
    expect(noticesDue(foldEvents([...turning70, event('DocumentIssued', mailedAhead)]), on('2025-08-01'))).toEqual([]);
    expect(noticesDue(foldEvents(turning70), on('2025-08-01'))).toHaveLength(1);
  });

  it('R28: an acquisition on the cutover day itself owes a notice; one the day before owes none', () => {
    const onCutover = foldEvents([acquired({ acquiredOn: on('2024-12-02') })]);
    expect(noticesDue(onCutover, on('2024-12-02'))).toEqual([
      { documentType: 'qualification-notice', occasion: 'acquisition', rule: 'R28', dueOn: '2024-12-02' },
    ]);
    expect(noticesDue(foldEvents([acquired({ acquiredOn: on('2024-12-01') })]), on('2024-12-02'))).toEqual([]);
  });

  it('R28: a ratio-change notice is refused under 70, and a ratio change under 70 owes none', () => {
    given([acquired()])
      .when({ type: 'IssueDocument', data: notice({ occasion: 'ratio-change' }) })
      .thenRefuses('NOTICE_WITHOUT_OCCASION', 'R28');
    const youngChange = event('QualificationDetailsChanged', { effectiveOn: on('2025-08-01'), address: 'x' });
    expect(noticesDue(foldEvents([acquired(), youngChange]), on('2025-09-01'))).toEqual([]);
  });

  it("R28: a notice is never issued in a certificate's stead", () => {
    given([newlyAcquired])
      .when({ type: 'IssueDocument', data: notice({ occasion: 'cancellation' }) })
      .thenRefuses('NOTICE_WITHOUT_OCCASION', 'R28');
  });

  it('R28: a newer notice supersedes the previous one', () => {
    const second = notice({
      documentId: documentId('notice-2'),
      occasion: 'ratio-change',
      issuedOn: on('2025-08-01'),
      validFrom: on('2025-08-01'),
    });
    given([elderly, event('DocumentIssued', notice()), ratioChanged])
      .when({ type: 'IssueDocument', data: second })
      .then([
        event('DocumentIssued', second),
        event('DocumentRevoked', {
          documentId: documentId('notice-1'),
          revokedOn: on('2025-08-01'),
          reason: 'superseded',
        }),
      ]);
  });
});
