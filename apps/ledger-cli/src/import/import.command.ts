import { type LedgerPolicy, withoutMyNumbers } from '@ledger/domain';
import { type EventStore } from '@ledger/event-store';
import { type Actor } from '@ledger/ledger';
import { logLayoutLock, withDataDirectoryLock } from '@ledger/projections';
import { Command, Option } from 'nest-commander';
import { statSync } from 'node:fs';
import { actorName, actorOrOsUser } from '../option-values';
import { exitCodes, UsageError } from '../exit-codes';
import { type DataDirectoryOption, LedgerDataCommand } from '../ledger-data-command';
import { type LedgerLocation, shownPath, withLedger } from '../ledger-location';
import { policyOfEnvironment } from '../policy-of-environment';
import { progress } from '../progress';
import { type CheckedFile, checkBatchFile, importBatchFile, type ImportTally } from './import-batch';
import { ImportCheckpoint } from './import-checkpoint';
import { shownProblem } from './line-problem';

interface ImportOptions extends DataDirectoryOption {
  readonly actor?: string;
}

@Command({
  name: 'import',
  arguments: '<file>',
  description:
    "Apply an NDJSON file in the API's batch format offline; resumable, no command applied twice.\n" +
    'One command per line, each with its idempotencyKey, applied to the ledger offline, through the same rules. The file is read ' +
    'twice, so it must be a regular file, not a pipe. Every line is checked first: a malformed line writes ' +
    'nothing. Interrupted, run it again: it resumes after its last checkpoint (kept in ' +
    'LEDGER_DATA_DIR/imports/ every 100 lines and after each refusal), and the lines applied since are ' +
    'recognised by their idempotency keys, so no command ' +
    'is applied twice; the lines earlier runs refused are reported again. Unlike the API batch, it takes ' +
    'eligibility-check lines: access records (R40) kept by a system the ledger replaces, recorded with ' +
    'channel import.\n' +
    'Exit 0: every line settled; 1: some lines refused by a rule; 2: malformed file.\n' +
    'Example: npm run -s ledger -- import commands.ndjson --data-dir ./data',
})
export class ImportCommand extends LedgerDataCommand {
  async run([file]: string[], options: ImportOptions): Promise<void> {
    const found = statSync(file!, { throwIfNoEntry: false });
    if (!found) throw new UsageError(`no file ${file}`);
    // A pipe would be used up by the check, leaving nothing to apply, and could not be resumed.
    if (!found.isFile()) {
      throw new UsageError(`${file} is not a regular file: save the commands to a file and import that`);
    }
    const checked = await checkBatchFile(file!);
    if (checked.invalid > 0) {
      for (const { line, errors } of checked.problems) process.stderr.write(`line ${line}: ${errors.join('; ')}\n`);
      throw new UsageError(`${checked.invalid} of ${checked.lines} lines are malformed: nothing was imported`);
    }
    const actor = { keyId: `cli:${actorOrOsUser(options.actor)}`, role: 'admin' };
    const policy = policyOfEnvironment();
    const location = this.location(options);
    // The store first: it refuses an events.db that holds another database before anything is created beside it.
    const tally = await withLedger(
      location,
      (store) =>
        withDataDirectoryLock(
          location.dataDirectory,
          logLayoutLock.name,
          logLayoutLock.heldByUpgrade,
          () =>
            // Two imports of one file would share its checkpoint.
            withDataDirectoryLock(location.dataDirectory, `import-${checked.digest}`, 'an import of this file', () =>
              this.apply(store, location, checked, actor, policy),
            ),
          'shared',
        ),
      { create: true },
    );
    process.stdout.write(`${JSON.stringify({ file: shownPath(file!), lines: checked.lines, ...tally })}\n`);
    if (tally.refused > 0) process.exitCode = exitCodes.failure;
  }

  private async apply(
    store: EventStore,
    location: LedgerLocation,
    checked: CheckedFile,
    actor: Actor,
    policy: LedgerPolicy,
  ): Promise<ImportTally> {
    const shown = progress('import', 'lines');
    const checkpoint = new ImportCheckpoint(location.dataDirectory, checked.digest);
    return importBatchFile(
      store,
      checked,
      checkpoint,
      actor,
      {
        earlierRefusals: (refusals, refused) => {
          for (const refusal of refusals) {
            // A checkpoint saved before refusals were kept redacted may still hold one.
            process.stderr.write(`${withoutMyNumbers(shownProblem(refusal, 'refused in an earlier run'))}\n`);
          }
          if (refused > refusals.length) {
            process.stderr.write(`${refused - refusals.length} more lines were refused in earlier runs\n`);
          }
        },
        checkpointStale: (line) =>
          process.stderr.write(
            `the ledger no longer holds what an earlier import of this file wrote up to line ${line} ` +
              '(restored from a backup?): importing it again from its first line; what the ledger holds is found by its idempotency keys\n',
          ),
        line: (counts, refusal) => {
          if (refusal) process.stderr.write(`${shownProblem(refusal, 'refused')}\n`);
          shown.update({ done: counts.done, total: checked.lines });
        },
      },
      policy,
    ).finally(() => shown.stop());
  }

  @Option({ flags: '--actor <name>', description: 'who imports, as recorded on each event; default the OS user' })
  parseActor(value: string): string {
    return actorName(value);
  }
}
