import { defaultPolicy } from '../policy';
import { registrationStateOn } from './coverage';
import { foldEvents, insuredPersonDecider } from './decide';
import { acquired, employeeInsurer, given, on, registered } from './person.test-kit';
import { insuredPersonStream } from './stream';
import { parsePersonId } from '../identifiers';

describe('the insured person decider', () => {
  it('binds an insurer policy and folds its own events back into state', () => {
    const policy = { ...defaultPolicy, cutover: on('2024-10-01') };
    const decider = insuredPersonDecider(policy);
    const events = decider.decide({ type: 'AcquireQualification', data: acquired().data }, decider.initialState);
    const state = events.reduce(decider.evolve, decider.initialState);
    expect(state.status).toBe('qualified');
    expect(() =>
      decider.decide(
        {
          type: 'IssueDocument',
          data: {
            documentId: 'c' as never,
            documentType: 'legacy-card',
            issuedOn: on('2024-10-15'),
            validFrom: on('2024-10-15'),
            delivery: 'counter',
            occasion: 'renewal',
          },
        },
        state,
      ),
    ).toThrow(
      expect.objectContaining({
        code: 'LEGACY_CARD_AFTER_CUTOVER',
        rule: 'R10',
        message: 'R10: no legacy card is issued or reissued on or after 2024-10-01',
      }) as Error,
    );
  });

  it('R37: a registration reported by the previous insurer travels with the enrolment', () => {
    const carried = foldEvents([acquired({ insurerNumber: employeeInsurer, carriedRegistration: 'registered' })]);
    expect(registrationStateOn(carried, on('2025-01-01'))).toBe('registered');
    given([acquired({ carriedRegistration: 'registered' })])
      .when({ type: 'RegisterCard', data: { registeredOn: on('2025-01-01'), channel: 'atm' } })
      .thenRefuses('ALREADY_REGISTERED', 'R36');
  });

  it('keeps the registration across a loss and a new enrolment with the same insurer', () => {
    const state = foldEvents([
      acquired(),
      registered(on('2023-01-01')),
      { type: 'QualificationLost', schemaVersion: 1, data: { lostOn: on('2024-01-01'), reason: 'other' } },
      acquired({ acquiredOn: on('2024-06-01') }),
    ]);
    expect(state.periods).toMatchObject([
      { acquiredOn: '2020-04-01', lostOn: '2024-01-01' },
      { acquiredOn: '2024-06-01' },
    ]);
    expect(state.periods[1]?.lostOn).toBeUndefined();
    expect(state.registration.state).toBe('registered');
  });

  it('names the stream after the insurer and the person', () => {
    const personId = parsePersonId('P-0001');
    if (!personId.ok) throw new Error(personId.reason);
    expect(insuredPersonStream(employeeInsurer, personId.value)).toBe('insured-06050116-P-0001');
  });
});
