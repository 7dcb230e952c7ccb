import { type CalendarDate, type InsurerNumber, parseCalendarDate, parseInsurerNumber } from '@ledger/domain';
import { InvalidArgumentError } from 'commander';
import { Command, Option, SubCommand } from 'nest-commander';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { UsageError } from '../exit-codes';
import { type DataDirectoryOption, LedgerDataCommand } from '../ledger-data-command';
import { withLedger } from '../ledger-location';
import { LedgerCommandGroup } from '../ledger-command-group';
import { actorName, actorOrOsUser, optionValue, reasonMaxLength, recordedText } from '../option-values';
import { auditCsv } from './audit-csv';
import { type AuditRow, auditRows, type AuditTally } from './audit-rows';
import { recordRestrictedDataExported } from './restricted-data-exported';

interface AuditExportOptions extends DataDirectoryOption {
  readonly insurer: InsurerNumber;
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  readonly format: 'ndjson' | 'csv';
  readonly includeRestricted?: boolean;
  readonly reason?: string;
  readonly actor?: string;
}

const formats: readonly string[] = ['ndjson', 'csv'];

@SubCommand({
  name: 'export',
  description:
    "Stream an insurer's audit trail for a period (R40) to stdout as NDJSON or CSV.\n" +
    'The period is of recorded time (Japan dates, both included); rows go ' +
    'in log order, one row per event: who, how, on whose behalf, the data and its hash (R40, R41). ' +
    "The insurer's checks that found nobody under the numbers and its restricted-data exports are rows too, with personId null. " +
    'Persons who had a viewing restriction filed keep their address redacted and their access history ' +
    '(EligibilityChecked, PersonLookedUp) withheld, and the reasons given for earlier such exports too, unless ' +
    '--include-restricted --reason "<why>" is given: the reason is ' +
    'then recorded in the ledger (RestrictedDataExported) before any row is written. My Number never appears.\n' +
    'Example: npm run -s ledger -- audit export --insurer 123455 --from 2025-04-01 --to 2025-06-30 --format csv > audit.csv',
})
export class AuditExportCommand extends LedgerDataCommand {
  async run(_: string[], options: AuditExportOptions): Promise<void> {
    if (options.from > options.to) throw new UsageError(`--from ${options.from} is after --to ${options.to}`);
    const includeRestricted = options.includeRestricted === true;
    // Recorded only with the restricted data: given without it, the export would be taken as on record.
    for (const [option, given] of [
      ['--reason', options.reason],
      ['--actor', options.actor],
    ] as const) {
      if (!includeRestricted && given !== undefined) {
        throw new UsageError(`${option} is recorded only with --include-restricted: add it, or leave ${option} out`);
      }
    }
    const reason = options.reason?.trim() ?? '';
    if (includeRestricted && reason.length < 10) {
      throw new UsageError('--include-restricted needs --reason "<why>" (at least 10 characters): it is recorded');
    }
    // Who exports is recorded only with the restricted data: named before anything is opened.
    const actor = includeRestricted ? actorOrOsUser(options.actor) : undefined;
    const tally: AuditTally = { rows: 0, withheldAccessRows: 0, redactedAddresses: 0 };
    await withLedger(this.location(options), async (store) => {
      if (actor !== undefined) {
        const { insurer: insurerNumber, from, to, format } = options;
        const position = await recordRestrictedDataExported(store, { insurerNumber, from, to, format, actor, reason });
        process.stderr.write(`recorded RestrictedDataExported at log position ${position} (actor ${actor})\n`);
      }
      const rows = auditRows(
        store,
        { insurerNumber: options.insurer, from: options.from, to: options.to, includeRestricted },
        tally,
      );
      await writeRows(rows, options.format);
    });
    process.stderr.write(
      `exported ${tally.rows} rows; restricted persons: ${tally.withheldAccessRows} access rows withheld, ` +
        `${tally.redactedAddresses} addresses redacted\n`,
    );
  }

  @Option({ flags: '--insurer <number>', description: 'insurer number (6 or 8 digits)', required: true })
  parseInsurer(value: string): InsurerNumber {
    return optionValue(parseInsurerNumber(value));
  }

  @Option({ flags: '--from <date>', description: 'first day, YYYY-MM-DD', required: true })
  parseFrom(value: string): CalendarDate {
    return optionValue(parseCalendarDate(value));
  }

  @Option({ flags: '--to <date>', description: 'last day, YYYY-MM-DD', required: true })
  parseTo(value: string): CalendarDate {
    return optionValue(parseCalendarDate(value));
  }

  @Option({ flags: '--format <format>', description: 'ndjson (default) or csv', defaultValue: 'ndjson' })
  parseFormat(value: string): string {
    // Commander skips its own `choices` check once a parser is set, so the parser checks.
    if (!formats.includes(value)) throw new InvalidArgumentError(`must be one of ${formats.join(', ')}.`);
    return value;
  }

  @Option({
    flags: '--include-restricted',
    description: "include restricted persons' protected fields (needs --reason)",
  })
  parseIncludeRestricted(): boolean {
    return true;
  }

  @Option({
    flags: '--reason <why>',
    description: 'why protected data is exported, 10 to 1,000 characters; recorded in the ledger',
  })
  parseReason(value: string): string {
    // Recorded in the ledger and shown to whoever exports with --include-restricted.
    return recordedText(value, reasonMaxLength);
  }

  @Option({ flags: '--actor <name>', description: 'who exports, as recorded; default the OS user' })
  parseActor(value: string): string {
    return actorName(value);
  }
}

/** Writes with back-pressure: millions of rows never pile up in memory. */
async function writeRows(rows: AsyncIterable<AuditRow>, format: 'ndjson' | 'csv'): Promise<void> {
  const source = Readable.from(rows);
  const chunks = format === 'csv' ? source.pipe(auditCsv()) : source.map((row: AuditRow) => `${JSON.stringify(row)}\n`);
  for await (const chunk of chunks as AsyncIterable<string | Buffer>) {
    if (!process.stdout.write(chunk)) await once(process.stdout, 'drain');
  }
}

@Command({
  name: 'audit',
  description: 'Audit trail exports.\nExample: npm run -s ledger -- audit export --help',
  subCommands: [AuditExportCommand],
})
export class AuditCommand extends LedgerCommandGroup {}
