import {
  addDays,
  addMonths,
  addYears,
  burdenRatiosForAge,
  calendarDate,
  type CalendarDate,
  type Decider,
  defaultPolicy,
  detailsOn,
  documentsDue,
  DomainError,
  insuredPersonDecider,
  latest,
  type InsuredPersonCommand,
  type InsuredPersonEvent,
  type InsuredPersonState,
  type InsurerNumber,
  type LedgerPolicy,
  type PersonId,
} from '@ledger/domain';
import { SeededRandom } from './random';

export interface GeneratedCommand {
  readonly insurerNumber: InsurerNumber;
  readonly personId: PersonId;
  readonly command: InsuredPersonCommand;
  /** What the domain decided for the command: the events a ledger would store. */
  readonly events: readonly InsuredPersonEvent[];
}

const nhi = '123455' as InsurerNumber;
const employee = '06050116' as InsurerNumber;
const lateElderly = '39130018' as InsurerNumber;
const today = calendarDate('2026-11-01');

/**
 * Realistic histories, deterministic per seed: NHI households and employee families, ages with
 * 70+ and 75+ transitions, job changes and moves, registrations and cancellations, restrictions,
 * care needs, and the documents each person is owed. Every command is decided by the domain first,
 * under the policy given: only accepted commands are emitted, so a replay through a ledger deciding
 * under that policy accepts all of them.
 */
export function* generateHistories(
  persons: number,
  seed: number,
  options: GenerateOptions = {},
): Iterable<GeneratedCommand> {
  const random = new SeededRandom(seed);
  const policy = options.policy ?? defaultPolicy;
  const decider = insuredPersonDecider(policy);
  const first = options.firstPerson ?? 0;
  for (let index = first; index < first + persons; index += 1) {
    yield* personHistory(random, `P${String(index).padStart(7, '0')}` as PersonId, policy, decider);
  }
}

export interface GenerateOptions {
  /** The number in the first person's id (P0000000 by default): persons added to a generated population get ids of their own. */
  readonly firstPerson?: number;
  /** The insurer's policy the histories are decided under (the law's defaults when absent). */
  readonly policy?: LedgerPolicy;
}

function* personHistory(
  random: SeededRandom,
  personId: PersonId,
  policy: LedgerPolicy,
  decider: Decider<InsuredPersonCommand, InsuredPersonEvent, InsuredPersonState>,
): Iterable<GeneratedCommand> {
  const birthDate = addDays(calendarDate('1938-01-01'), random.integer(0, 365 * 85));
  const ageAtStart = random.integer(0, 1);
  // A child born later is enrolled from birth: no coverage starts before it.
  const acquiredOn = latest(addDays(calendarDate('2018-04-01'), random.integer(0, 365 * 7 + ageAtStart)), birthDate);
  const insurerNumber = acquiredOn >= addYears(birthDate, 75) ? lateElderly : random.chance(0.65) ? nhi : employee;
  let state: InsuredPersonState = decider.initialState;
  const emitted: GeneratedCommand[] = [];
  let documentCount = 0;
  const attempt = (command: InsuredPersonCommand): void => {
    try {
      const events = decider.decide(command, state);
      state = events.reduce(decider.evolve, state);
      emitted.push({ insurerNumber, personId, command, events });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  };
  const issue = (
    on: CalendarDate,
    obligation: { documentType: 'eligibility-certificate' | 'qualification-notice'; occasion: string },
  ) =>
    attempt({
      type: 'IssueDocument',
      data: {
        documentId: `${personId}-D${(documentCount += 1)}` as never,
        documentType: obligation.documentType,
        issuedOn: on,
        validFrom: on,
        ...(obligation.documentType === 'eligibility-certificate' && { validUntil: addDays(addYears(on, 1), -1) }),
        delivery: 'mail-to-person',
        occasion: obligation.occasion as never,
      },
    });

  attempt({
    type: 'AcquireQualification',
    data: {
      insurerNumber,
      number: String(random.integer(1, 9_999_999)) as never,
      branch: String(random.integer(0, 5)).padStart(2, '0') as never,
      relationship: random.chance(0.3) ? 'dependant' : 'insured',
      householdId: `H${random.integer(1, 999_999)}`,
      acquiredOn,
      burdenRatio: random.pick(burdenRatiosForAge(birthDate, acquiredOn)),
      birthDate,
      name: random.pick(['山田 太郎', '佐藤 花子', '鈴木 一郎', '高橋 美咲', '田中 健']),
      sex: random.chance(0.5) ? 'male' : 'female',
    },
  });
  if (acquiredOn < policy.cutover) {
    const issuedOn = acquiredOn < calendarDate('2023-08-01') ? calendarDate('2023-08-01') : acquiredOn;
    attempt({
      type: 'IssueDocument',
      data: {
        documentId: `${personId}-L` as never,
        documentType: 'legacy-card',
        issuedOn,
        validFrom: issuedOn,
        validUntil: calendarDate('2026-07-31'),
        delivery: 'mail-to-head-of-household',
        occasion: 'renewal',
      },
    });
  }
  // Life goes on in steps of a few months; each step may bring one of the facts insurers report.
  for (let on = addMonths(acquiredOn, random.integer(1, 6)); on < today; on = addMonths(on, random.integer(2, 9))) {
    for (const obligation of documentsDue(state, on, policy)) issue(on, obligation);
    const roll = random.next();
    if (roll < 0.25)
      attempt({
        type: 'RegisterCard',
        data: { registeredOn: on, channel: random.pick(['portal', 'card-reader', 'atm', 'municipal-counter']) },
      });
    else if (roll < 0.3) {
      attempt({
        type: 'RequestRegistrationCancellation',
        data: {
          requestedOn: on,
          applicant: random.pick(['self', 'household-member']),
          identityDocumentChecked: true,
          powerOfAttorney: false,
        },
      });
      const delay = policy.cancellationDelayMonths;
      attempt({
        type: 'CancelRegistration',
        data: { effectiveOn: addMonths(on, random.integer(delay.min, delay.max)) },
      });
    } else if (roll < 0.4)
      attempt({
        type: 'ChangeQualificationDetails',
        data: { effectiveOn: on, address: `市内${random.integer(1, 99)}丁目` },
      });
    else if (roll < 0.45) {
      // Insurers report a ratio that changed: the one in force again would only be confirmed.
      const held = detailsOn(state, on)?.burdenRatio;
      const others = burdenRatiosForAge(birthDate, on).filter((ratio) => ratio !== held);
      if (others.length > 0)
        attempt({ type: 'ChangeQualificationDetails', data: { effectiveOn: on, burdenRatio: random.pick(others) } });
    } else if (roll < 0.47)
      attempt({
        type: 'RecognizeCareNeeds',
        data: {
          recognizedOn: on,
          category: random.pick(['facility', 'disability', 'long-term-care', 'companion-needed']),
        },
      });
    else if (roll < 0.48)
      attempt({
        type: 'FileViewingRestriction',
        data: { filedOn: on, scope: 'non-disclosure', filedWith: insurerNumber },
      });
    else if (roll < 0.56) {
      attempt({
        type: 'LoseQualification',
        data: { lostOn: on, reason: random.pick(['other-insurance', 'moved-out', 'welfare-started', 'death']) },
      });
      break;
    }
  }
  yield* emitted;
}
