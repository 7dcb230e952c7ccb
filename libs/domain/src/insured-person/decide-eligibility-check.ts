import { refuse } from '../errors/domain-error';
import { type RecordEligibilityCheck } from './commands';
import { type EligibilityChecked, event } from './events';
import { type InsuredPersonState } from './state';

/**
 * Every eligibility check of a person's record is kept, whatever it answered (R40), in the stream of
 * a person the insurer enrolled: one that read nobody's record is the clinic's, and kept under it by
 * the live checks; recorded under an id no enrolment has, it would make a person of a typing error.
 */
export function recordEligibilityCheck(
  { data }: RecordEligibilityCheck,
  state: InsuredPersonState,
): EligibilityChecked[] {
  if (![1, 2, 3, 4, 5].includes(data.validity)) {
    refuse('ELIGIBILITY_VALIDITY_UNKNOWN', 'R40', 'validity is one of the national codes 1 to 5');
  }
  if (state.periods.length === 0) {
    refuse('NOT_QUALIFIED', 'R40', 'no enrolment of this person is recorded: a check is kept with the person it read');
  }
  return [event('EligibilityChecked', data)];
}
