import { defaultPolicy } from '../policy';
import { foldEvents } from './decide';
import { validDocumentsOn } from './documents';
import { event } from './events';
import { acquired, clinic, documentId, given, issuedData, on } from './person.test-kit';

describe('other certificates', () => {
  it('limit and specified-disease certificates are issued to a covered person', () => {
    for (const documentType of ['limit-certificate', 'specified-disease-certificate'] as const) {
      const data = issuedData({ documentId: documentId(documentType), documentType, validUntil: on('2025-07-31') });
      given([acquired()])
        .when({ type: 'IssueDocument', data })
        .then([event('DocumentIssued', data)]);
      given([]).when({ type: 'IssueDocument', data }).thenRefuses('NOT_QUALIFIED', undefined);
    }
  });

  it('R4: the elderly recipient certificate is for ages 70 to 74 only', () => {
    const seventy = acquired({ birthDate: on('1954-03-20'), burdenRatio: 20 });
    const data = issuedData({
      documentType: 'elderly-recipient-certificate',
      validFrom: on('2025-01-10'),
      validUntil: on('2025-07-31'),
    });
    given([seventy])
      .when({ type: 'IssueDocument', data })
      .then([event('DocumentIssued', data)]);
    given([acquired()]).when({ type: 'IssueDocument', data }).thenRefuses('ELDERLY_RECIPIENT_AGE', 'R4');
  });

  it('R4: the elderly recipient certificate ends by the day before the 75th birthday, when the late-elderly scheme takes over', () => {
    const turns75 = acquired({ birthDate: on('1950-06-10'), burdenRatio: 20 });
    const until = (validUntil: string) =>
      issuedData({
        documentType: 'elderly-recipient-certificate',
        validFrom: on('2024-08-01'),
        issuedOn: on('2024-07-20'),
        validUntil: on(validUntil),
      });
    given([turns75])
      .when({ type: 'IssueDocument', data: until('2025-06-09') })
      .then([event('DocumentIssued', until('2025-06-09'))]);
    given([turns75])
      .when({ type: 'IssueDocument', data: until('2025-06-10') })
      .thenRefuses('ELDERLY_RECIPIENT_AGE', 'R4');
  });
});

describe('elderly recipient certificate after a ratio change', () => {
  it('R4: a new one replaces the one before it from its first day: one valid certificate, printing the ratio in force', () => {
    const first = issuedData({
      documentId: documentId('E1'),
      documentType: 'elderly-recipient-certificate',
      issuedOn: on('2025-07-20'),
      validFrom: on('2025-08-01'),
      validUntil: on('2026-07-31'),
      occasion: 'renewal',
    });
    const history = [
      acquired({ birthDate: on('1954-03-20'), burdenRatio: 20 }),
      event('DocumentIssued', first),
      event('QualificationDetailsChanged', { effectiveOn: on('2025-10-01'), burdenRatio: 30 }),
    ];
    const second = {
      ...first,
      documentId: documentId('E2'),
      issuedOn: on('2025-10-01'),
      validFrom: on('2025-10-01'),
      occasion: 'ratio-change' as const,
    };
    const replaced = event('DocumentRevoked', {
      documentId: documentId('E1'),
      revokedOn: on('2025-10-01'),
      reason: 'superseded',
    });
    given(history)
      .when({ type: 'IssueDocument', data: second })
      .then([event('DocumentIssued', second), replaced]);
    const state = foldEvents([...history, event('DocumentIssued', second), replaced]);
    expect(
      validDocumentsOn(state, 'elderly-recipient-certificate', on('2025-11-01'), defaultPolicy).map(
        (d) => d.documentId,
      ),
    ).toEqual(['E2']);
  });
});

describe('eligibility check record', () => {
  const check = {
    medicalInstitutionCode: clinic,
    confirmationDate: on('2025-05-01'),
    method: 'card' as const,
    validity: 1 as const,
  };

  it("R40: every check of the person's record is recorded, whatever it answered", () => {
    given([acquired()])
      .when({ type: 'RecordEligibilityCheck', data: check })
      .then([event('EligibilityChecked', check)]);
    given([acquired()])
      .when({ type: 'RecordEligibilityCheck', data: { ...check, validity: 4 } })
      .then([event('EligibilityChecked', { ...check, validity: 4 })]);
  });

  it('R40: a check is kept with a person the insurer enrolled, not under an id no enrolment has', () => {
    given([])
      .when({ type: 'RecordEligibilityCheck', data: { ...check, validity: 4 } })
      .thenRefuses('NOT_QUALIFIED', 'R40');
  });

  it('R40: a validity outside the national codes is refused', () => {
    given([acquired()])
      .when({ type: 'RecordEligibilityCheck', data: { ...check, validity: 9 as never } })
      .thenRefuses('ELIGIBILITY_VALIDITY_UNKNOWN', 'R40');
  });
});
