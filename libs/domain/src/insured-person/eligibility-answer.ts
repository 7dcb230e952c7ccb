import { type CalendarDate } from '../calendar';
import { type BranchNumber, type InsuredNumber, type InsuredSymbol, type InsurerNumber } from '../identifiers';
import { hasActiveRegistrationOn, isCoveredOn, isRestrictedOn } from './coverage';
import { detailsHeld, detailsOn, periodOn } from './details-on';
import { type EligibilityMethod, type EligibilityValidity, type QualificationAcquiredData } from './events';
import { type InsuredPersonState } from './state';

/** What a clinic asks (DOMAIN.md §7): the printed numbers (read from the card or typed) and the birth date. */
export interface EligibilityQuestion {
  readonly confirmationDate: CalendarDate;
  readonly method: EligibilityMethod;
  readonly insurerNumber: InsurerNumber;
  readonly symbol?: InsuredSymbol;
  readonly number: InsuredNumber;
  /** Absent on documents printed before the branch number existed: then any branch matches. */
  readonly branch?: BranchNumber;
  readonly birthDate: CalendarDate;
}

/** A person whose stream once held the asked numbers. */
export interface EligibilityCandidate<Key> {
  readonly key: Key;
  readonly state: InsuredPersonState;
}

export type EligibilityAnswer<Key> =
  | {
      readonly validity: 1 | 2 | 3;
      readonly person: Key;
      /** The details in force on the date, or the last ones the person had. */
      readonly details: QualificationAcquiredData;
      readonly acquiredOn: CalendarDate;
      readonly lostOn?: CalendarDate;
    }
  | { readonly validity: 4 }
  | { readonly validity: 5; readonly matches: number }
  /** By card only: no active registration, or a restriction that blocks the card (R30, R31); one reason for both. */
  | { readonly validity: 4; readonly person: Key; readonly cardUnavailable: true };

/** The validity code recorded for an answer (R40). */
export const recordedValidity = (answer: EligibilityAnswer<unknown>): EligibilityValidity => answer.validity;

const holdsNumbers = (details: QualificationAcquiredData | undefined, question: EligibilityQuestion): boolean =>
  details !== undefined &&
  details.insurerNumber === question.insurerNumber &&
  details.number === question.number &&
  (details.symbol ?? '') === (question.symbol ?? '') &&
  (question.branch === undefined || details.branch === question.branch);

/** Whether the person ever held the numbers, or held them by `on`: only then can anything be newer than them. */
const heldBy = (state: InsuredPersonState, question: EligibilityQuestion, on?: CalendarDate): boolean =>
  detailsHeld(state, on).some((details) => holdsNumbers(details, question));

/**
 * 1 valid on the date under these numbers; 3 when they are old numbers, the person being covered
 * under newer ones or re-enrolled since; else 2, also for numbers the person came to hold only
 * after the date: nothing is newer than them.
 */
function validityOf(state: InsuredPersonState, question: EligibilityQuestion): 1 | 2 | 3 {
  const on = question.confirmationDate;
  if (isCoveredOn(state, on)) {
    if (holdsNumbers(detailsOn(state, on), question)) return 1;
    return heldBy(state, question, on) ? 3 : 2;
  }
  const ended = state.periods.filter((period) => period.lostOn !== undefined && period.lostOn <= on).at(-1);
  const reEnrolled = ended !== undefined && state.periods.some((period) => period.acquiredOn >= ended.lostOn!);
  return reEnrolled && heldBy(state, question, on) ? 3 : 2;
}

/**
 * The national answer codes (DOMAIN.md §7) computed from the ledger's own record: 1 valid, 2 invalid,
 * 3 invalid but a newer qualification exists, 4 none, 5 several persons match. A card check answers
 * only for a person whose card works for insurance on the date (R30, R31).
 */
export function answerEligibility<Key>(
  question: EligibilityQuestion,
  candidates: readonly EligibilityCandidate<Key>[],
): EligibilityAnswer<Key> {
  const on = question.confirmationDate;
  const persons = candidates.filter(
    ({ state }) => periodOn(state.periods, on)?.enrolmentDetails.birthDate === question.birthDate,
  );
  const answers = persons
    .map((candidate) => ({ candidate, validity: validityOf(candidate.state, question) }))
    // The index still names a person under numbers a correction took back (R41), which the person never held.
    .filter(({ candidate, validity }) => validity !== 2 || heldBy(candidate.state, question));
  const valid = answers.filter((answer) => answer.validity === 1);
  if (valid.length > 1 || (valid.length === 0 && answers.length > 1)) return { validity: 5, matches: answers.length };
  const [chosen] = valid.length === 1 ? valid : answers;
  if (!chosen) return { validity: 4 };
  const { key, state } = chosen.candidate;
  // A restriction in force now blocks the card for any date asked: it protects the person from its filing on (R30, R31).
  const restricted = isRestrictedOn(state, on) || state.viewingRestriction !== undefined;
  if (question.method === 'card' && (!hasActiveRegistrationOn(state, on) || restricted)) {
    return { validity: 4, person: key, cardUnavailable: true };
  }
  const period = periodOn(state.periods, on)!;
  return {
    validity: chosen.validity,
    person: key,
    details: detailsOn(state, on)!,
    acquiredOn: period.acquiredOn,
    ...(period.lostOn !== undefined && { lostOn: period.lostOn }),
  };
}

/** The burden ratio as the national answer writes it: "010", "020", "030". */
export const nationalBurdenRatio = (ratio: QualificationAcquiredData['burdenRatio']): string =>
  String(ratio).padStart(3, '0');
