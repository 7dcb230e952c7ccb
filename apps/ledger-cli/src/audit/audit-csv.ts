import { stringify, type Stringifier } from 'csv-stringify';
import type { AuditRow } from './audit-rows';

const columns: (keyof AuditRow)[] = [
  'position',
  'eventId',
  'recordedAt',
  'stream',
  'personId',
  'revision',
  'type',
  'actor',
  'channel',
  'onBehalfOf',
  'restricted',
  'data',
  'hash',
];

/**
 * Audit rows as CSV with a header. A cell that begins with = + - @ (or their full-width forms, which
 * some spreadsheets read alike) is a formula to a spreadsheet, and an --actor or a channel could run
 * one in an auditor's: such a cell is written with a leading '. A person's id is left as it is: its
 * characters (A-Za-z0-9_-) can begin with - but form no formula that runs anything, and an auditor
 * matches it against the insurer's own records.
 */
export function auditCsv(): Stringifier {
  return stringify({
    header: true,
    columns,
    cast: {
      boolean: String,
      object: (value) => JSON.stringify(value),
      string: (value, { column }) => (column === 'personId' ? { value, escape_formulas: false } : value),
    },
    escape_formulas: true,
  });
}
