import {
  type InsuredPersonCommand,
  isRecord,
  parseDocumentId,
  parseInsurerNumber,
  parsePersonId,
} from '@ledger/domain';
import {
  commandCatalogue,
  commandNames,
  type CommandTarget,
  isAccessRecord,
  isCommandName,
  toCommand,
} from './catalogue';
import { parseCommandBody } from './parse-command';
import { parseClientToken } from './client-token';
import { parserRefusal } from './satisfies';

export type BatchLineParsed =
  | { readonly ok: true; readonly target: CommandTarget; readonly command: InsuredPersonCommand }
  | { readonly ok: false; readonly errors: readonly string[] };

/** Fields of a line that name where the command goes; the rest is the command's body. */
const targetFields = new Set(['command', 'insurerNumber', 'personId', 'idempotencyKey']);
const lifecycleFields = new Set([...targetFields, 'documentId']);

/**
 * The body in one pass over the line (object rest patterns copy the object once per pattern). No
 * prototype, so that a `__proto__` field of the line stays a field, refused as unknown.
 */
function bodyOf(line: Record<string, unknown>, target: ReadonlySet<string>): Record<string, unknown> {
  const body = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(line)) if (!target.has(key)) body[key] = line[key];
  return body;
}

/**
 * Where a line comes from: the API's batch endpoint, or an operator's `ledger import`, the one
 * channel that may carry access records over from a system the ledger replaces.
 */
export type BatchLineSource = 'batch' | 'import';

const batchCommandNames = commandNames.filter((name) => !isAccessRecord(name));

/**
 * One NDJSON line, `{ "command", "insurerNumber", "personId", "idempotencyKey", ...body }`; a
 * document's lifecycle also names its `documentId`. Each problem names its field.
 */
export function parseBatchLine(text: string, source: BatchLineSource = 'batch'): BatchLineParsed {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, errors: ['the line is not valid JSON'] };
  }
  if (!isRecord(raw)) return { ok: false, errors: ['the line must be a JSON object'] };
  const { command: name, insurerNumber, personId, idempotencyKey, documentId } = raw;
  if (!isCommandName(name)) {
    const names = source === 'batch' ? batchCommandNames : commandNames;
    return { ok: false, errors: [`command: must be one of ${names.join(', ')}`] };
  }
  if (source === 'batch' && isAccessRecord(name)) {
    return {
      ok: false,
      errors: [
        `command: ${name} is not accepted in a batch: access records (EligibilityChecked, R40) are written by the ledger itself when a clinic checks eligibility`,
      ],
    };
  }
  const lifecycle = 'ofDocument' in commandCatalogue[name];
  const insurer = parseInsurerNumber(insurerNumber);
  const person = parsePersonId(personId);
  const document = lifecycle ? parseDocumentId(documentId) : undefined;
  const parsed = parseCommandBody(name, bodyOf(raw, lifecycle ? lifecycleFields : targetFields));
  const key = parseClientToken(idempotencyKey, 'idempotencyKey');
  if (!insurer.ok || !person.ok || !key.ok || !parsed.ok || (document && !document.ok)) {
    return {
      ok: false,
      errors: [
        ...(insurer.ok ? [] : [parserRefusal('insurerNumber', insurerNumber, insurer.reason)]),
        ...(person.ok ? [] : [parserRefusal('personId', personId, person.reason)]),
        ...(key.ok ? [] : [parserRefusal('idempotencyKey', idempotencyKey, key.reason)]),
        ...(document && !document.ok ? [parserRefusal('documentId', documentId, document.reason)] : []),
        ...(parsed.ok ? [] : parsed.errors),
      ],
    };
  }
  const target: CommandTarget = {
    insurerNumber: insurer.value,
    personId: person.value,
    idempotencyKey: key.value,
    ...(document?.ok && { documentId: document.value }),
  };
  return { ok: true, target, command: toCommand(name, parsed.body, target) };
}
