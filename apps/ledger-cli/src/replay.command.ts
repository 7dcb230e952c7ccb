import { type Instant, parseInstant } from '@ledger/domain';
import { openReadModels } from '@ledger/projections';
import { Command, Option } from 'nest-commander';
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './exit-codes';
import { type DataDirectoryOption, LedgerDataCommand } from './ledger-data-command';
import { assertLedgerExists, shownPath, withLedger } from './ledger-location';
import { optionValue } from './option-values';
import { progress } from './progress';
import { removedIfInterrupted } from './removed-if-interrupted';
import { replayAsKnownAt } from './replay-as-known-at';

interface ReplayOptions extends DataDirectoryOption {
  readonly asKnownAt: Instant;
  readonly out: string;
}

/** R42 for auditors: the read models as the ledger knew them, in a file of their own, the live service untouched. */
@Command({
  name: 'replay',
  description:
    'Build the read models as the ledger knew them at an instant (R42) into a new SQLite file.\n' +
    'Events recorded at or before the instant go, in log order, into a new SQLite file with the same tables as the live read models (person_states, audit_trail, eligibility_numbers, document_streams, checkpoints), ' +
    'plus a replay table saying which instant it shows. ' +
    'Persons who had a viewing restriction filed (at any time) keep no address and no access history in it (R31); ' +
    'ledger audit export --include-restricted --reason "<why>" exports those, on record. ' +
    'An id that is a My Number (written before ids were checked) is shown by a pseudonym, redacted-<random UUID>, new in each replay.\n' +
    'Example: npm run -s ledger -- replay --as-known-at 2025-04-01T00:00:00+09:00 --out /tmp/known-2025-04-01.db',
})
export class ReplayCommand extends LedgerDataCommand {
  async run(_: string[], options: ReplayOptions): Promise<void> {
    const out = resolve(options.out);
    if (existsSync(out)) throw new UsageError(`--out ${out} exists: replay writes a new file and never overwrites one`);
    if (!statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory()) {
      throw new UsageError(`--out ${out}: there is no directory ${dirname(out)} to create it in`);
    }
    const location = this.location(options);
    assertLedgerExists(location);
    let aside: string | undefined;
    let outClaimed = false;
    // An interrupted replay leaves nothing either: neither what it was building nor a file it never reported.
    // Listening starts before the directory is made: a signal between the two would end the process at once.
    const leftovers = () => [...(aside ? [aside] : []), ...(outClaimed ? [out] : [])];
    const replay = await removedIfInterrupted(leftovers, async () => {
      // Built aside: restricted persons' data is withheld only once every event is applied (R31), and
      // the bytes of what was withheld stay in the free pages of the file it was written to. A directory
      // of its own, so that two replays beside each other never share one.
      const directory = mkdtempSync(join(dirname(out), '.replay-'));
      aside = directory;
      try {
        return await withLedger(location, async (store) => {
          const db = openReadModels(join(directory, 'partial.db'));
          const shown = progress('replay');
          try {
            const built = await replayAsKnownAt(store, db, options.asKnownAt, (done) => shown.update({ done }));
            // Claimed empty, which VACUUM INTO takes, so that what is removed on failure is only ever ours.
            closeSync(openSync(out, 'wx'));
            outClaimed = true;
            // The file handed out is written from the live rows alone.
            db.prepare('VACUUM INTO ?').run(out);
            return built;
          } finally {
            shown.stop();
            db.close();
          }
        });
      } catch (error) {
        // A VACUUM INTO that failed (a full disk) leaves the file it began: no replay, and in the way of the next.
        if (outClaimed) rmSync(out, { force: true });
        throw error;
      } finally {
        rmSync(directory, { recursive: true, force: true });
      }
    });
    process.stdout.write(
      `${JSON.stringify({ out: shownPath(out), knownAt: options.asKnownAt, eventsApplied: replay.eventsApplied, checkpoint: replay.checkpoint, withheld: replay.withheld, pseudonymised: replay.pseudonymised })}\n`,
    );
  }

  @Option({
    flags: '--as-known-at <instant>',
    description: 'ISO-8601 instant with Z or an offset',
    required: true,
  })
  parseAsKnownAt(value: string): Instant {
    return optionValue(parseInstant(value));
  }

  @Option({ flags: '--out <file>', description: 'the SQLite file to create', required: true })
  parseOut(value: string): string {
    return value;
  }
}
