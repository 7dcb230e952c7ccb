import { type BranchNumber, type InsuredNumber } from '../identifiers';
import { foldEvents } from './decide';
import { answerEligibility, type EligibilityQuestion, nationalBurdenRatio } from './eligibility-answer';
import { event, type InsuredPersonEvent } from './events';
import { acquired, cancellationRequested, nhiInsurer, on } from './person.test-kit';

const person = (...events: InsuredPersonEvent[]) => foldEvents(events);
const question = (overrides: Partial<EligibilityQuestion> = {}): EligibilityQuestion => ({
  confirmationDate: on('2025-06-01'),
  method: 'numbers',
  insurerNumber: nhiInsurer,
  number: '1234567' as InsuredNumber,
  birthDate: on('1980-05-10'),
  ...overrides,
});
const lost = (lostOn: string) => event('QualificationLost', { lostOn: on(lostOn), reason: 'moved-out' });
const registered = event('CardRegistered', { registeredOn: on('2024-01-10'), channel: 'portal' });

describe('eligibility answer (DOMAIN.md §7)', () => {
  it('1 valid: covered on the date under the numbers asked, with the national burden ratio', () => {
    const answer = answerEligibility(question(), [{ key: 'a', state: person(acquired()) }]);
    expect(answer).toMatchObject({ validity: 1, person: 'a', acquiredOn: '2020-04-01' });
    expect(nationalBurdenRatio(30)).toBe('030');
    expect(nationalBurdenRatio(10)).toBe('010');
  });

  it('1 valid: a question without a branch (a document printed before branches, §3.2) matches the person under any branch', () => {
    const answer = answerEligibility(question(), [
      { key: 'a', state: person(acquired({ branch: '01' as BranchNumber })) },
    ]);
    expect(answer).toMatchObject({ validity: 1, person: 'a' });
  });

  it('2 invalid: the qualification ended before the date and nothing newer exists', () => {
    const answer = answerEligibility(question(), [{ key: 'a', state: person(acquired(), lost('2025-01-01')) }]);
    expect(answer).toMatchObject({ validity: 2, lostOn: '2025-01-01' });
  });

  it('2 invalid: the date lies before the enrolment', () => {
    const answer = answerEligibility(question({ confirmationDate: on('2019-01-01') }), [
      { key: 'a', state: person(acquired()) },
    ]);
    expect(answer.validity).toBe(2);
  });

  it.each([
    [
      'numbers changed to them after the date',
      [
        acquired(),
        event('QualificationDetailsChanged', { effectiveOn: on('2025-07-01'), number: '7654321' as InsuredNumber }),
      ],
      '2025-06-01',
    ],
    [
      'a re-enrolment under them after a gap that holds the date',
      [acquired(), lost('2025-04-01'), acquired({ acquiredOn: on('2025-08-01'), number: '7654321' as InsuredNumber })],
      '2025-06-01',
    ],
    [
      'a re-enrolment under them, the date before any enrolment',
      [acquired(), lost('2025-04-01'), acquired({ acquiredOn: on('2025-08-01'), number: '7654321' as InsuredNumber })],
      '2019-06-01',
    ],
  ] as const)(
    '2 invalid, not 3: numbers held only after the date (%s) have nothing newer than them',
    (_, events, date) => {
      const asked = question({ number: '7654321' as InsuredNumber, confirmationDate: on(date) });
      expect(answerEligibility(asked, [{ key: 'a', state: person(...events) }]).validity).toBe(2);
    },
  );

  it('3 invalid but newer: the numbers changed before the date', () => {
    const state = person(
      acquired(),
      event('QualificationDetailsChanged', { effectiveOn: on('2025-04-01'), number: '7654321' as InsuredNumber }),
    );
    expect(answerEligibility(question(), [{ key: 'a', state }]).validity).toBe(3);
    expect(answerEligibility(question({ confirmationDate: on('2025-03-31') }), [{ key: 'a', state }]).validity).toBe(1);
  });

  it('3 invalid but newer: lost, then enrolled again after the loss', () => {
    const state = person(acquired(), lost('2025-01-01'), acquired({ acquiredOn: on('2025-09-01') }));
    expect(answerEligibility(question(), [{ key: 'a', state }]).validity).toBe(3);
  });

  it('3 invalid but newer: checked on the very day of the loss, with a re-enrolment after it', () => {
    const state = person(acquired(), lost('2025-04-01'), acquired({ acquiredOn: on('2025-05-01') }));
    expect(answerEligibility(question({ confirmationDate: on('2025-04-01') }), [{ key: 'a', state }]).validity).toBe(3);
  });

  it('4 none: no candidate, or none with the birth date asked', () => {
    expect(answerEligibility(question(), [])).toEqual({ validity: 4 });
    const answer = answerEligibility(question({ birthDate: on('1990-01-01') }), [
      { key: 'a', state: person(acquired()) },
    ]);
    expect(answer).toEqual({ validity: 4 });
  });

  it('5 several: twins under one symbol and number asked without the branch', () => {
    const twins = [
      { key: 'a', state: person(acquired({ branch: '01' as BranchNumber })) },
      { key: 'b', state: person(acquired({ branch: '02' as BranchNumber })) },
    ];
    expect(answerEligibility(question(), twins)).toEqual({ validity: 5, matches: 2 });
    expect(answerEligibility(question({ branch: '02' as BranchNumber }), twins)).toMatchObject({
      validity: 1,
      person: 'b',
    });
  });

  it('5 several: two persons with the same numbers and birth date, both lost before the date', () => {
    const persons = [
      { key: 'a', state: person(acquired(), lost('2025-01-01')) },
      { key: 'b', state: person(acquired(), lost('2025-01-01')) },
    ];
    expect(answerEligibility(question(), persons)).toEqual({ validity: 5, matches: 2 });
  });

  it('R30: a card check for a restricted person answers only that the card is not available', () => {
    const state = person(
      acquired(),
      registered,
      event('ViewingRestrictionFiled', { filedOn: on('2025-02-01'), scope: 'non-disclosure' }),
    );
    const answer = answerEligibility(question({ method: 'card' }), [{ key: 'a', state }]);
    expect(answer).toEqual({ validity: 4, person: 'a', cardUnavailable: true });
    expect(answerEligibility(question({ method: 'numbers' }), [{ key: 'a', state }]).validity).toBe(1);
  });

  it('R30, R31: a restriction in force now makes the card unavailable for any date asked, one before its filing too; once lifted, only its own days', () => {
    const filed = event('ViewingRestrictionFiled', { filedOn: on('2025-07-01'), scope: 'non-disclosure' });
    const byCardBeforeFiling = question({ method: 'card' });
    expect(answerEligibility(byCardBeforeFiling, [{ key: 'a', state: person(acquired(), registered, filed) }])).toEqual(
      {
        validity: 4,
        person: 'a',
        cardUnavailable: true,
      },
    );
    const lifted = person(
      acquired(),
      registered,
      filed,
      event('ViewingRestrictionLifted', { liftedOn: on('2025-09-01'), scope: 'non-disclosure' }),
    );
    expect(answerEligibility(byCardBeforeFiling, [{ key: 'a', state: lifted }]).validity).toBe(1);
    expect(
      answerEligibility(question({ method: 'card', confirmationDate: on('2025-08-01') }), [
        { key: 'a', state: lifted },
      ]),
    ).toMatchObject({ validity: 4, cardUnavailable: true });
  });

  it('R35: a card check while a cancellation is pending answers 1: the registration is active until it takes effect', () => {
    const state = person(acquired(), registered, cancellationRequested(on('2025-05-20')));
    expect(answerEligibility(question({ method: 'card' }), [{ key: 'a', state }])).toMatchObject({
      validity: 1,
      person: 'a',
    });
  });

  it('a card check without an active registration says the card is not available, in the same words', () => {
    const answer = answerEligibility(question({ method: 'card' }), [{ key: 'a', state: person(acquired()) }]);
    expect(answer).toEqual({ validity: 4, person: 'a', cardUnavailable: true });
  });
});
