import { commandCatalogue, type CommandName, commandNames } from './catalogue';
import { type BodyChecked, compileBody } from './compiled-body';

export type BodyParsed = BodyChecked;

const checkers = new Map(commandNames.map((name) => [name, compileBody(commandCatalogue[name].body)]));

/** Validates a plain body for a command, refusing unknown fields and wrong types; each message names its field. */
export const parseCommandBody = (name: CommandName, raw: unknown): BodyParsed => checkers.get(name)!(raw);
