import { commandCatalogue, type CommandName, commandNames } from './catalogue';
import { type BodyChecked, compileBody } from './compiled-body';

export type BodyParsed = BodyChecked;

const checkers = new Map(commandNames.map((name) => [name, compileBody(commandCatalogue[name].body)]));

/** Rules across a body's fields, each giving why it refuses a body whose every field is valid. */
const acrossFields: Partial<Record<CommandName, (body: Record<string, unknown>) => string | undefined>> = {
  // A change naming no detail changes nothing: more likely a client's slip than a report.
  'details-change': (body) =>
    Object.keys(body).some((field) => field !== 'effectiveOn')
      ? undefined
      : 'a details change names at least one detail it changes, besides effectiveOn',
};

/** Validates a plain body for a command, refusing unknown fields and wrong types; each message names its field. */
export function parseCommandBody(name: CommandName, raw: unknown): BodyParsed {
  const parsed = checkers.get(name)!(raw);
  const refusal = parsed.ok ? acrossFields[name]?.(parsed.body) : undefined;
  return refusal === undefined ? parsed : { ok: false, errors: [refusal] };
}
