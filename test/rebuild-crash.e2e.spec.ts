import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore } from '@ledger/event-store';
import { AuditTrailProjection, LiveReadModels, QualificationProjection, readModelChecksums } from '@ledger/projections';
import { generateHistories } from '@ledger/synthetic';
import { temporaryDirectory } from './support/ledger-processes';

const projections = () => [new QualificationProjection(), new AuditTrailProjection()];

/** Runs a rebuild in a child process and kills it once the rebuild has applied a few batches. */
function rebuildUntilKilled(storePath: string, readModelPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'support/crash-rebuild.js'), storePath, readModelPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.split('\n').length > 4) child.kill('SIGKILL');
    });
    child.once('close', (_, signal) => {
      if (signal === 'SIGKILL') resolve(output);
      else reject(new Error(`the rebuild ended by itself: ${output} ${errors}`));
    });
  });
}

describe('rebuild under SIGKILL', () => {
  it('leaves the live read models intact, and the next start discards the half-built file', async () => {
    const directory = temporaryDirectory();
    const storePath = join(directory, 'events.db');
    const readModelPath = join(directory, 'read-models.db');
    const store = new SqliteEventStore({ path: storePath });
    const histories = new Map<string, { type: string; data: unknown }[]>();
    for (const { insurerNumber, personId, events } of generateHistories(3000, 5)) {
      const stream = `insured-${insurerNumber}-${personId}`;
      histories.set(stream, [...(histories.get(stream) ?? []), ...events.map(({ type, data }) => ({ type, data }))]);
    }
    await Promise.all(
      [...histories]
        .filter(([, events]) => events.length > 0)
        .map(([stream, events]) => store.append(stream, events, 'no_stream')),
    );
    const live = LiveReadModels.open(store, { path: readModelPath, projections, projector: { batchWindowMs: 5 } });
    live.projector.start();
    await live.projector.caughtUp(await store.headPosition());
    const checksums = readModelChecksums(live.db);
    await live.close();

    const output = await rebuildUntilKilled(storePath, readModelPath);

    expect(output).not.toContain('swapped');
    expect(existsSync(`${readModelPath}.rebuild`)).toBe(true);
    const restarted = LiveReadModels.open(store, { path: readModelPath, projections });
    expect(existsSync(`${readModelPath}.rebuild`)).toBe(false);
    expect(readModelChecksums(restarted.db)).toEqual(checksums);
    await restarted.close();
    await store.close();
  }, 120_000);
});
