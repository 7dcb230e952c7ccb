import { plainToInstance } from 'class-transformer';
import { type ValidationError, validateSync } from 'class-validator';
import { commandCatalogue, type CommandName } from './catalogue';
import { naming } from './satisfies';

export type BodyParsed =
  { readonly ok: true; readonly body: object } | { readonly ok: false; readonly errors: readonly string[] };

/** One message per problem, each naming its field, like the API's ValidationPipe. */
export const validationMessages = (errors: readonly ValidationError[]): string[] =>
  errors.flatMap((error) => Object.values(error.constraints ?? {}).map((message) => naming(error.property, message)));

/** Validates a plain body for a command, refusing unknown fields and wrong types. */
export function parseCommandBody(name: CommandName, raw: unknown): BodyParsed {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: ['the body must be a JSON object'] };
  }
  const bodyClass: new () => object = commandCatalogue[name].body;
  const body = plainToInstance(bodyClass, raw);
  const errors = validateSync(body, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? { ok: true, body } : { ok: false, errors: validationMessages(errors) };
}
