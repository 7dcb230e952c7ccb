import { defaultPolicy } from '../policy';
import { registrationStateOn } from './coverage';
import { foldEvents } from './decide';
import { documentsDue } from './obligations';
import { event, type RegistrationCancellationRequested } from './events';
import { acquired, cancellationRequested, cancelled, employeeInsurer, given, on, registered } from './person.test-kit';

const request = (overrides: Partial<RegistrationCancellationRequested['data']> = {}) => ({
  type: 'RequestRegistrationCancellation' as const,
  data: {
    requestedOn: on('2025-02-10'),
    applicant: 'self' as const,
    identityDocumentChecked: true,
    powerOfAttorney: false,
    ...overrides,
  },
});
const registeredPerson = [acquired(), registered(on('2023-05-01'))];

describe('card registration', () => {
  it("R29: each registration channel is accepted, for a dependant on the dependant's own stream", () => {
    for (const channel of ['portal', 'card-reader', 'atm', 'municipal-counter'] as const) {
      const data = { registeredOn: on('2025-01-10'), channel };
      given([acquired({ relationship: 'dependant' })])
        .when({ type: 'RegisterCard', data })
        .then([event('CardRegistered', data)]);
    }
  });

  it('R29: an unknown channel is refused', () => {
    given([acquired()])
      .when({ type: 'RegisterCard', data: { registeredOn: on('2025-01-10'), channel: 'mail' as never } })
      .thenRefuses('REGISTRATION_CHANNEL_UNKNOWN', 'R29');
  });

  it('R36: a registration may be made again after a cancellation', () => {
    given([...registeredPerson, cancellationRequested(on('2025-02-10')), cancelled(on('2025-04-01'))])
      .when({ type: 'RegisterCard', data: { registeredOn: on('2025-06-01'), channel: 'portal' } })
      .then([registered(on('2025-06-01'))]);
  });

  it('R36: a registered card is not registered twice', () => {
    given(registeredPerson)
      .when({ type: 'RegisterCard', data: { registeredOn: on('2025-06-01'), channel: 'portal' } })
      .thenRefuses('ALREADY_REGISTERED', 'R36');
  });
});

describe('registration cancellation request', () => {
  it('R34: the person, a household member or an agent with power of attorney may apply', () => {
    given(registeredPerson)
      .when(request())
      .then([event('RegistrationCancellationRequested', request().data)]);
    const household = request({ applicant: 'household-member' });
    given(registeredPerson)
      .when(household)
      .then([event('RegistrationCancellationRequested', household.data)]);
    const agent = request({ applicant: 'agent', powerOfAttorney: true });
    given(registeredPerson)
      .when(agent)
      .then([event('RegistrationCancellationRequested', agent.data)]);
  });

  it('R34: a request without an identity document is refused', () => {
    given(registeredPerson)
      .when(request({ identityDocumentChecked: false }))
      .thenRefuses('IDENTITY_NOT_CHECKED', 'R34');
  });

  it('R34: an agent without a power of attorney is refused', () => {
    given(registeredPerson)
      .when(request({ applicant: 'agent' }))
      .thenRefuses('POWER_OF_ATTORNEY_MISSING', 'R34');
  });

  it('R34: there is nothing to cancel without a registration', () => {
    given([acquired()]).when(request()).thenRefuses('NOT_REGISTERED', 'R34');
  });
});

describe('registration cancellation', () => {
  const pending = [...registeredPerson, cancellationRequested(on('2025-02-10'))];

  it('R35: takes effect one to two months after the request', () => {
    for (const effectiveOn of [on('2025-03-10'), on('2025-03-31'), on('2025-04-10')]) {
      given(pending)
        .when({ type: 'CancelRegistration', data: { effectiveOn } })
        .then([event('RegistrationCancelled', { effectiveOn })]);
    }
  });

  it('R35: an effect sooner than a month or later than two months after the request is refused', () => {
    for (const effectiveOn of [on('2025-03-09'), on('2025-04-11')]) {
      given(pending)
        .when({ type: 'CancelRegistration', data: { effectiveOn } })
        .thenRefuses('CANCELLATION_OUTSIDE_DELAY', 'R35');
    }
  });

  it("R35: the delay is the insurer's policy", () => {
    const policy = { ...defaultPolicy, cancellationDelayMonths: { min: 0, max: 3 } };
    given(pending, policy)
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-05-10') } })
      .then([cancelled(on('2025-05-10'))]);
  });

  it('R35: until it takes effect the registration counts as active', () => {
    const state = foldEvents([...pending, cancelled(on('2025-04-01'))]);
    expect(registrationStateOn(state, on('2025-03-31'))).toBe('cancellation-pending');
    expect(registrationStateOn(state, on('2025-04-01'))).toBe('cancelled');
  });

  it('R35: the registration on a past date is the one that had begun by then', () => {
    const state = foldEvents([...pending, cancelled(on('2025-04-01'))]);
    expect(registrationStateOn(state, on('2023-04-30'))).toBe('none');
    expect(registrationStateOn(state, on('2023-05-01'))).toBe('registered');
    expect(registrationStateOn(state, on('2025-02-10'))).toBe('cancellation-pending');
  });

  it('R35: a cancellation without a request is refused', () => {
    given(registeredPerson)
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-04-01') } })
      .thenRefuses('NO_CANCELLATION_PENDING', 'R35');
  });

  it('R37: once the person moved to another insurer, the old insurer cannot complete the cancellation', () => {
    const moved = event('QualificationLost', { lostOn: on('2025-03-01'), reason: 'other-insurance' });
    given([...pending, moved])
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-04-01') } })
      .thenRefuses('CANCELLATION_MOVED_TO_NEW_INSURER', 'R37');
  });

  it('R37: a cancellation taking effect while the person was with another insurer stays refused once they are back', () => {
    const moved = event('QualificationLost', { lostOn: on('2025-03-01'), reason: 'moved-out' });
    const back = acquired({ acquiredOn: on('2025-03-20') });
    given([...pending, moved, back])
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-03-15') } })
      .thenRefuses('CANCELLATION_MOVED_TO_NEW_INSURER', 'R37');
  });

  it('R37: the new insurer, told of the pending cancellation, owes a certificate and completes the cancellation', () => {
    const atNewInsurer = [
      acquired({
        insurerNumber: employeeInsurer,
        acquiredOn: on('2025-03-01'),
        carriedRegistration: 'cancellation-pending',
      }),
    ];
    const state = foldEvents(atNewInsurer);
    expect(documentsDue(state, on('2025-03-01'), defaultPolicy)).toContainEqual(
      expect.objectContaining({ documentType: 'eligibility-certificate', rule: 'R37', dueOn: '2025-03-01' }),
    );
    given(atNewInsurer)
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-03-15') } })
      .then([cancelled(on('2025-03-15'))]);
  });

  it('R37, R42: the certificate owed while the carried cancellation was pending stays owed for those days once it took effect', () => {
    const atNewInsurer = [
      acquired({
        insurerNumber: employeeInsurer,
        acquiredOn: on('2025-03-01'),
        carriedRegistration: 'cancellation-pending',
      }),
    ];
    const pendingThen = documentsDue(foldEvents(atNewInsurer), on('2025-03-10'), defaultPolicy);
    const tookEffect = foldEvents([...atNewInsurer, cancelled(on('2025-03-15'))]);
    expect(documentsDue(tookEffect, on('2025-03-10'), defaultPolicy)).toEqual(pendingThen);
    expect(pendingThen).toContainEqual(expect.objectContaining({ rule: 'R37', dueOn: '2025-03-01' }));
    expect(documentsDue(tookEffect, on('2025-03-15'), defaultPolicy)).toContainEqual(
      expect.objectContaining({ rule: 'R21', dueOn: '2025-03-15' }),
    );
  });

  it('R35, R37: a cancellation carried from the previous insurer takes effect at the latest the longest delay after the enrolment', () => {
    const atNewInsurer = [
      acquired({
        insurerNumber: employeeInsurer,
        acquiredOn: on('2025-03-01'),
        carriedRegistration: 'cancellation-pending',
      }),
    ];
    given(atNewInsurer)
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2028-01-01') } })
      .thenRefuses('CANCELLATION_OUTSIDE_DELAY', 'R35');
    given(atNewInsurer)
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-05-01') } })
      .then([cancelled(on('2025-05-01'))]);
  });

  it('R35, R36, R37: a person back after leaving with a cancellation pending, completed elsewhere, is cancelled here: owed a certificate, free to register again', () => {
    const leftPending = [
      acquired(),
      registered(on('2023-05-01')),
      cancellationRequested(on('2025-02-10')),
      event('QualificationLost', { lostOn: on('2025-03-01'), reason: 'moved-out' }),
    ];
    const back = [...leftPending, acquired({ acquiredOn: on('2025-10-01'), carriedRegistration: 'cancelled' })];
    const state = foldEvents(back);
    expect(registrationStateOn(state, on('2025-10-01'))).toBe('cancelled');
    expect(documentsDue(state, on('2025-10-01'), defaultPolicy)).toContainEqual(
      expect.objectContaining({ documentType: 'eligibility-certificate', rule: 'R21', dueOn: '2025-10-01' }),
    );
    given(back)
      .when({ type: 'RegisterCard', data: { registeredOn: on('2025-10-15'), channel: 'portal' } })
      .then([registered(on('2025-10-15'))]);
  });

  it('R37: a cancellation that took effect before the person left is still recorded by this insurer', () => {
    const died = event('QualificationLost', { lostOn: on('2025-04-01'), reason: 'death' });
    given([...pending, died])
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-03-31') } })
      .then([cancelled(on('2025-03-31'))]);
    given([...pending, died])
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-04-01') } })
      .thenRefuses('CANCELLATION_MOVED_TO_NEW_INSURER', 'R37');
  });

  it('R34: a cancellation request dated before the registration it cancels is refused', () => {
    given([acquired(), registered(on('2025-03-01'))])
      .when(request({ requestedOn: on('2025-02-01') }))
      .thenRefuses('REGISTRATION_CHANGE_OUT_OF_ORDER', 'R34');
  });

  it('R36: a registration again, dated before the cancellation took effect, is refused (the old one still counted)', () => {
    const history = [
      acquired(),
      registered(on('2025-01-01')),
      cancellationRequested(on('2025-01-10')),
      cancelled(on('2025-02-28')),
    ];
    given(history)
      .when({ type: 'RegisterCard', data: { registeredOn: on('2025-02-20'), channel: 'portal' } })
      .thenRefuses('REGISTRATION_CHANGE_OUT_OF_ORDER', 'R36');
    given(history)
      .when({ type: 'RegisterCard', data: { registeredOn: on('2025-02-28'), channel: 'portal' } })
      .then([registered(on('2025-02-28'))]);
  });

  it('R35: a cancellation taking effect before the state it ends began is refused (a request carried from the old insurer)', () => {
    const atNewInsurer = [
      acquired({
        insurerNumber: employeeInsurer,
        acquiredOn: on('2025-04-01'),
        carriedRegistration: 'cancellation-pending',
      }),
    ];
    given(atNewInsurer)
      .when({ type: 'CancelRegistration', data: { effectiveOn: on('2025-01-01') } })
      .thenRefuses('REGISTRATION_CHANGE_OUT_OF_ORDER', 'R35');
  });
});
