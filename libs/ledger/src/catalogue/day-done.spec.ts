import { type CommandName } from './catalogue';
import { parseCommandBody } from './parse-command';

/** The bodies whose date is the day something was done, each with the rest of a valid body. */
const doneOn: ReadonlyArray<[CommandName, string, Record<string, unknown>]> = [
  ['card-registration', 'registeredOn', { channel: 'portal' }],
  [
    'registration-cancellation-request',
    'requestedOn',
    { applicant: 'self', identityDocumentChecked: true, powerOfAttorney: false },
  ],
  ['viewing-restriction', 'filedOn', { scope: 'non-disclosure' }],
  ['viewing-restriction-lift', 'liftedOn', { scope: 'non-disclosure' }],
  ['care-needs', 'recognizedOn', { category: 'facility' }],
  ['care-needs-end', 'endedOn', { category: 'facility' }],
  [
    'documents',
    'issuedOn',
    { documentType: 'eligibility-certificate', occasion: 'application', delivery: 'counter', validFrom: '2026-12-01' },
  ],
  ['document-delivery', 'deliveredOn', {}],
  ['document-return', 'returnedOn', {}],
  ['document-loss', 'reportedOn', {}],
];

describe('the day something was done', () => {
  // 00:30 on 3 December in Japan, still 2 December in UTC.
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-12-02T15:30:00Z'), doNotFake: ['nextTick'] }));
  afterEach(() => jest.useRealTimers());

  it.each(doneOn)(
    '%s: %s is today in Japan at the latest; a day after it is refused, naming the field',
    (name, field, rest) => {
      expect(parseCommandBody(name, { ...rest, [field]: '2026-12-03' })).toMatchObject({ ok: true });
      expect(parseCommandBody(name, { ...rest, [field]: '2015-04-01' })).toMatchObject({ ok: true });
      expect(parseCommandBody(name, { ...rest, [field]: '2099-12-03' })).toEqual({
        ok: false,
        errors: [`${field}: must not be after today (2026-12-03 in Japan): it records what was done`],
      });
    },
  );

  it('leaves dates that may lie ahead as they were: an enrolment, a validity, a cancellation taking effect', () => {
    expect(parseCommandBody('registration-cancellation', { effectiveOn: '2099-01-01' })).toMatchObject({ ok: true });
    expect(
      parseCommandBody('documents', {
        documentType: 'eligibility-certificate',
        occasion: 'application',
        delivery: 'counter',
        issuedOn: '2026-12-01',
        validFrom: '2027-08-01',
      }),
    ).toMatchObject({ ok: true });
  });
});
