import { naming } from './satisfies';

describe('naming: every error entry is field: reason', () => {
  it('puts the field before a reason that does not name it', () => {
    expect(naming('birthDate', 'must be a date written YYYY-MM-DD')).toBe(
      'birthDate: must be a date written YYYY-MM-DD',
    );
  });

  it('moves a field written as the subject of its reason before the colon, not repeating it', () => {
    expect(naming('personId', 'personId must be 1 to 64 characters')).toBe('personId: must be 1 to 64 characters');
  });

  it('does not repeat a field its reason names in words', () => {
    expect(naming('insurerNumber', 'insurer number check digit is wrong')).toBe('insurerNumber: check digit is wrong');
    expect(naming('medicalInstitutionCode', 'medical institution code must be 10 digits')).toBe(
      'medicalInstitutionCode: must be 10 digits',
    );
    expect(naming('number', 'number must be a non-empty string')).toBe('number: must be a non-empty string');
    expect(naming('insurerNumber', 'insurer numbers are not taken here')).toBe(
      'insurerNumber: insurer numbers are not taken here',
    );
  });

  it('keeps a reason already named by the field or by one of its elements', () => {
    expect(naming('on', 'on: must be a date')).toBe('on: must be a date');
    expect(naming('insurers', 'insurers[2]: insurer number check digit is wrong')).toBe(
      'insurers[2]: insurer number check digit is wrong',
    );
  });

  it('does not take a longer field that begins with the same letters for the field', () => {
    expect(naming('number', 'numbers are not taken here')).toBe('number: numbers are not taken here');
  });
});
