import { calendarDate, type CalendarDate } from '../calendar';
import { DomainError, type RefusalCode, type RuleId } from '../errors/domain-error';
import {
  type DocumentId,
  type EventId,
  type InsurerNumber,
  parseDocumentId,
  parseInsuredNumber,
  parseInsurerNumber,
  parseMedicalInstitutionCode,
} from '../identifiers';
import { defaultPolicy, type LedgerPolicy } from '../policy';
import { type Parsed } from '../shared/parsed';
import { type InsuredPersonCommand } from './commands';
import { decide, foldEvents } from './decide';
import {
  type DocumentIssuedData,
  event,
  type InsuredPersonEvent,
  type QualificationAcquired,
  type QualificationAcquiredData,
} from './events';

const valid = <T>(parsed: Parsed<T>): T => {
  if (!parsed.ok) throw new Error(`test fixture is invalid: ${parsed.reason}`);
  return parsed.value;
};

export const on = (literal: string): CalendarDate => calendarDate(literal);
export const insuredNumber = (literal: string) => valid(parseInsuredNumber(literal));
export const nhiInsurer: InsurerNumber = valid(parseInsurerNumber('123455'));
export const employeeInsurer: InsurerNumber = valid(parseInsurerNumber('06050116'));
export const lateElderlyInsurer: InsurerNumber = valid(parseInsurerNumber('39130018'));
export const clinic = valid(parseMedicalInstitutionCode('0110113719'));
export const documentId = (id: string): DocumentId => valid(parseDocumentId(id));

export function acquired(overrides: Partial<QualificationAcquiredData> = {}): QualificationAcquired {
  return event('QualificationAcquired', {
    insurerNumber: nhiInsurer,
    number: insuredNumber('1234567'),
    relationship: 'insured',
    acquiredOn: on('2020-04-01'),
    burdenRatio: 30,
    birthDate: on('1980-05-10'),
    name: '山田 太郎',
    ...overrides,
  });
}

export function issuedData(
  overrides: Partial<DocumentIssuedData> & Pick<DocumentIssuedData, 'documentType'>,
): DocumentIssuedData {
  return {
    documentId: documentId('doc-1'),
    issuedOn: on('2025-01-10'),
    validFrom: on('2025-01-10'),
    delivery: 'mail-to-person',
    occasion: 'application',
    ...overrides,
  };
}

export const legacyCardIssued = (overrides: Partial<DocumentIssuedData> = {}) =>
  event(
    'DocumentIssued',
    issuedData({
      documentId: documentId('card-1'),
      documentType: 'legacy-card',
      issuedOn: on('2023-08-01'),
      validFrom: on('2023-08-01'),
      validUntil: on('2026-07-31'),
      occasion: 'renewal',
      ...overrides,
    }),
  );

/** An event as a store gives it back, with the id a correction names it by. */
export const stored = <E extends InsuredPersonEvent>(recorded: E, id: EventId): E => ({ ...recorded, id });

/** given(events).when(command).then(events) / .thenRefuses(code, rule), as STYLE.md asks. */
export function given(history: readonly InsuredPersonEvent[], policy: LedgerPolicy = defaultPolicy) {
  return {
    when(command: InsuredPersonCommand) {
      const run = () => decide(command, foldEvents(history), policy);
      return {
        then(expected: readonly InsuredPersonEvent[]) {
          expect(run()).toEqual(expected);
        },
        thenRefuses(code: RefusalCode, rule: RuleId | undefined) {
          let refusal: unknown;
          try {
            run();
          } catch (error) {
            refusal = error;
          }
          expect(refusal).toBeInstanceOf(DomainError);
          expect(refusal).toMatchObject({ code, rule });
        },
      };
    },
  };
}

export const registered = (registeredOn: CalendarDate) => event('CardRegistered', { registeredOn, channel: 'portal' });

export const cancellationRequested = (requestedOn: CalendarDate) =>
  event('RegistrationCancellationRequested', {
    requestedOn,
    applicant: 'self',
    identityDocumentChecked: true,
    powerOfAttorney: false,
  });

export const cancelled = (effectiveOn: CalendarDate) => event('RegistrationCancelled', { effectiveOn });

export const certificateIssued = (overrides: Partial<DocumentIssuedData> = {}) =>
  event(
    'DocumentIssued',
    issuedData({
      documentId: documentId('certificate-1'),
      documentType: 'eligibility-certificate',
      issuedOn: on('2025-08-01'),
      validFrom: on('2025-08-01'),
      validUntil: on('2026-07-31'),
      occasion: 'renewal',
      ...overrides,
    }),
  );

export const restrictionFiled = (filedOn: CalendarDate) =>
  event('ViewingRestrictionFiled', { filedOn, scope: 'non-disclosure' });

export const careNeedsRecognized = (recognizedOn: CalendarDate) =>
  event('CareNeedsRecognized', { recognizedOn, category: 'companion-needed' });
