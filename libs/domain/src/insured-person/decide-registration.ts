import { addMonths, type CalendarDate } from '../calendar';
import { refuse, type RuleId } from '../errors/domain-error';
import { type LedgerPolicy } from '../policy';
import { type CancelRegistration, type RegisterCard, type RequestRegistrationCancellation } from './commands';
import { isCoveredOn } from './coverage';
import {
  event,
  type InsuredPersonEvent,
  type RegistrationCancellationRequested,
  type RegistrationCancelled,
  type RegistrationChannel,
} from './events';
import { revokedForWorkingCard } from './card-working';
import { requireCoveredOn } from './guards';
import { evolve, type InsuredPersonState } from './state';

const registrationChannels: readonly RegistrationChannel[] = ['portal', 'card-reader', 'atm', 'municipal-counter'];

/**
 * Registration changes follow each other in time: the state on a date is read from their dates,
 * so one dated before the last would put a registration, a request or a cancellation where the
 * ledger knows another state (R34, R35, R36).
 */
function requireAfterLastRegistrationChange(state: InsuredPersonState, on: CalendarDate, rule: RuleId): void {
  const last = state.registrationHistory.at(-1);
  if (last && on < last.from) {
    refuse(
      'REGISTRATION_CHANGE_OUT_OF_ORDER',
      rule,
      `the registration is ${last.state} from ${last.from}: a change dated ${on} would come before it`,
    );
  }
}

/**
 * Registration is per person, dependants included (R29), and may follow a cancellation (R36).
 * Once the card works again, a certificate issued for lack of it is revoked (R27); people who
 * need consideration keep theirs (R22, R33).
 */
export function registerCard(
  { data }: RegisterCard,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): InsuredPersonEvent[] {
  requireCoveredOn(state, data.registeredOn, 'R3', 'a card registration, which does not replace the enrolment report,');
  if (!registrationChannels.includes(data.channel)) {
    refuse(
      'REGISTRATION_CHANNEL_UNKNOWN',
      'R29',
      `registration channel must be one of ${registrationChannels.join(', ')}`,
    );
  }
  if (state.registration.state === 'registered' || state.registration.state === 'cancellation-pending') {
    refuse('ALREADY_REGISTERED', 'R36', 'the card is already registered; a new registration follows a cancellation');
  }
  requireAfterLastRegistrationChange(state, data.registeredOn, 'R36');
  const registered = event('CardRegistered', data);
  return [registered, ...revokedForWorkingCard(evolve(state, registered), data.registeredOn, policy)];
}

/** Every applicant shows an identity document; an agent from another household also a power of attorney (R34). */
export function requestRegistrationCancellation(
  { data }: RequestRegistrationCancellation,
  state: InsuredPersonState,
): RegistrationCancellationRequested[] {
  requireCoveredOn(state, data.requestedOn, 'R34', 'a cancellation request');
  if (state.registration.state !== 'registered') {
    refuse('NOT_REGISTERED', 'R34', 'only a registered card can have its registration cancelled');
  }
  requireAfterLastRegistrationChange(state, data.requestedOn, 'R34');
  if (!data.identityDocumentChecked) {
    refuse('IDENTITY_NOT_CHECKED', 'R34', 'the applicant must show an identity document');
  }
  if (data.applicant === 'agent' && !data.powerOfAttorney) {
    refuse('POWER_OF_ATTORNEY_MISSING', 'R34', 'an agent from another household must show a power of attorney');
  }
  return [event('RegistrationCancellationRequested', data)];
}

/**
 * The cancellation takes effect within the policy's delay after the request (R35). Once the person
 * has left this insurer, a cancellation still pending then belongs to the new insurer (R37); one
 * that took effect before they left is still recorded here.
 */
export function cancelRegistration(
  { data }: CancelRegistration,
  state: InsuredPersonState,
  policy: LedgerPolicy,
): RegistrationCancelled[] {
  // Taking effect before the person left, it was no longer pending when they did: it is this insurer's.
  // On a day they were with another insurer it is that one's, also once they came back here.
  const left = state.periods.findLast(({ lostOn }) => lostOn !== undefined && lostOn <= data.effectiveOn);
  if (left !== undefined && !isCoveredOn(state, data.effectiveOn)) {
    refuse(
      'CANCELLATION_MOVED_TO_NEW_INSURER',
      'R37',
      `the person left this insurer on ${left.lostOn} and was not with it on ${data.effectiveOn}: a cancellation taking effect then is completed by the new insurer`,
    );
  }
  const { registration } = state;
  if (registration.state !== 'cancellation-pending') {
    return refuse('NO_CANCELLATION_PENDING', 'R35', 'a cancellation takes effect only after a cancellation request');
  }
  requireAfterLastRegistrationChange(state, data.effectiveOn, 'R35');
  const { min, max } = policy.cancellationDelayMonths;
  if (registration.requestedOn === undefined) {
    // Carried from the previous insurer (R37): requested there before the enrolment, so due by the longest delay after it.
    const carriedOn = state.registrationHistory.at(-1)!.from;
    const latestOn = addMonths(carriedOn, max);
    if (data.effectiveOn > latestOn) {
      refuse(
        'CANCELLATION_OUTSIDE_DELAY',
        'R35',
        `a cancellation carried from the previous insurer, requested before ${carriedOn}, takes effect by ${latestOn}`,
      );
    }
  } else {
    const earliestOn = addMonths(registration.requestedOn, min);
    const latestOn = addMonths(registration.requestedOn, max);
    if (data.effectiveOn < earliestOn || data.effectiveOn > latestOn) {
      refuse(
        'CANCELLATION_OUTSIDE_DELAY',
        'R35',
        `a cancellation requested on ${registration.requestedOn} takes effect between ${earliestOn} and ${latestOn}`,
      );
    }
  }
  return [event('RegistrationCancelled', data)];
}
