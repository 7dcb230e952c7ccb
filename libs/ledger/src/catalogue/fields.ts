import { parseCalendarDate } from '@ledger/domain';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { Satisfies } from './satisfies';

/** A `YYYY-MM-DD` date that exists in the calendar. */
export const IsCalendarDate = () => Satisfies(parseCalendarDate);

/** One of a closed list; the message lists what is allowed. */
export const OneOf = (values: readonly unknown[]) =>
  IsIn(values as unknown[], { message: ({ property }) => `${property} must be one of ${values.join(', ')}` });

/** Free text (names, addresses): bounded, since it ends up in every read model. */
export const Text =
  (maxLength = 200): PropertyDecorator =>
  (target, property) => {
    IsString({ message: `${String(property)} must be a string` })(target, property);
    IsNotEmpty({ message: `${String(property)} must not be empty` })(target, property);
    MaxLength(maxLength, { message: `${String(property)} must be at most ${maxLength} characters` })(target, property);
  };

export const burdenRatios = [10, 20, 30] as const;
