import { type Parsed } from '@ledger/domain';
import { registerDecorator, type ValidationArguments } from 'class-validator';

/** Validates a DTO field with the domain's own parser, so a rule exists once; the message is the parser's reason. */
export function ParsedBy(parse: (raw: unknown) => Parsed<unknown>) {
  return (target: object, property: string) =>
    registerDecorator({
      name: 'parsedBy',
      target: target.constructor,
      propertyName: property,
      validator: {
        validate: (value: unknown) => parse(value).ok,
        defaultMessage: ({ value }: ValidationArguments) => {
          const parsed = parse(value);
          return `${property}: ${parsed.ok ? 'is invalid' : parsed.reason}`;
        },
      },
    });
}
