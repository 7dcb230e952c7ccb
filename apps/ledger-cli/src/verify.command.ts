import { Command, Option } from 'nest-commander';
import { summarizeLog } from '@ledger/event-store';
import { exitCodes } from './exit-codes';
import { shownBreak } from './shown-break';
import { type DataDirectoryOption, LedgerDataCommand } from './ledger-data-command';
import { DamagedLedgerError, shownPath, withLedger } from './ledger-location';

interface VerifyOptions extends DataDirectoryOption {
  readonly json?: boolean;
}

const digestDefinition =
  'RFC 6962 Merkle Tree Hash (SHA-256, leaves prefixed 0x00, nodes 0x01) over one entry per stream, ' +
  '"<stream> <revision> <hash>" of its last event in UTF-8, sorted by stream name';

/** R41 for auditors: the whole log's chain checked, and a digest to write down and compare later. */
@Command({
  name: 'verify',
  description:
    "Check every stream's hash chain (R41) and print the log digest.\n" +
    'Prints a summary and the first broken link (stream, revision, what is wrong), and the log digest: the ' +
    digestDefinition +
    '.\nThe digest changes when any recorded event changes; write it down and compare it later.\n' +
    'Exit 0: the chain is intact; 1: a broken link, or a file SQLite cannot read whole; 2: no ledger there.\n' +
    'Example: npm run -s ledger -- verify --data-dir ./data --json',
})
export class VerifyCommand extends LedgerDataCommand {
  async run(_: string[], options: VerifyOptions): Promise<void> {
    const location = this.location(options);
    process.stderr.write(`verifying the log of ${shownPath(location.dataDirectory)}...\n`);
    const summary = await withLedger(location, summarizeLog).catch((error: unknown) => {
      if (!(error instanceof DamagedLedgerError)) throw error;
      return error;
    });
    if (summary instanceof DamagedLedgerError) return this.reportDamage(summary, options);
    const { verification, digest } = summary;
    const { eventsChecked, streamsChecked } = verification;
    const firstBreak = shownBreak(verification.firstBreak);
    if (options.json) {
      const report = { intact: !firstBreak, eventsChecked, streamsChecked, firstBreak, digest, digestDefinition };
      process.stdout.write(`${JSON.stringify(report)}\n`);
    } else if (firstBreak) {
      process.stdout.write(
        `BROKEN: ${firstBreak.stream} revision ${firstBreak.revision} (log position ${firstBreak.position}): ` +
          `${firstBreak.problem}: ${firstBreak.detail}\n` +
          `checked ${eventsChecked} events in ${streamsChecked} streams up to the break\n`,
      );
    } else {
      process.stdout.write(
        `intact: ${eventsChecked} events in ${streamsChecked} streams\nlog digest: ${digest ?? ''}\n`,
      );
    }
    if (firstBreak) process.exitCode = exitCodes.failure;
  }

  /** A log SQLite cannot read whole is no intact one: a finding, told as one, in JSON too. */
  private reportDamage({ path, damage, message }: DamagedLedgerError, options: VerifyOptions): Promise<void> {
    const shown = { file: shownPath(path), detail: damage };
    process.stdout.write(
      options.json
        ? `${JSON.stringify({ intact: false, damaged: shown, digestDefinition })}\n`
        : `DAMAGED: ${shownPath(message)}\n`,
    );
    process.exitCode = exitCodes.failure;
    return Promise.resolve();
  }

  @Option({ flags: '--json', description: 'one JSON object on stdout, for machines' })
  parseJson(): boolean {
    return true;
  }
}
