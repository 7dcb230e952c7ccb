import { refuse } from '../errors/domain-error';
import { type RecordEligibilityCheck } from './commands';
import { type EligibilityChecked, event } from './events';

/** Every eligibility check of a person's record is kept, whatever it answered (R40). */
export function recordEligibilityCheck({ data }: RecordEligibilityCheck): EligibilityChecked[] {
  if (![1, 2, 3, 4, 5].includes(data.validity)) {
    refuse('ELIGIBILITY_VALIDITY_UNKNOWN', 'R40', 'validity is one of the national codes 1 to 5');
  }
  return [event('EligibilityChecked', data)];
}
