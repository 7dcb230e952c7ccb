import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type RecordedEvent, SqliteEventStore, verifyChain } from '@ledger/event-store';
import { temporaryDirectory } from './support/ledger-processes';

interface Acknowledged {
  readonly batch: string;
  readonly stream: string;
  readonly events: readonly Pick<RecordedEvent, 'id' | 'position' | 'revision' | 'data'>[];
}

/**
 * Runs the appender until SIGKILL `lifetimeMs` after its first acknowledged append, collecting what it
 * reported as acknowledged. Counting from the first append, not from the spawn, keeps every kill in the
 * middle of writing however long a loaded machine takes to start the child.
 */
function appendUntilKilled(path: string, lifetimeMs: number): Promise<Acknowledged[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'support/crash-appender.js'), path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acknowledged: Acknowledged[] = [];
    let errors = '';
    let timer: NodeJS.Timeout | undefined;
    createInterface({ input: child.stdout }).on('line', (line) => {
      acknowledged.push(JSON.parse(line) as Acknowledged);
      timer ??= setTimeout(() => child.kill('SIGKILL'), lifetimeMs);
    });
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    // 'close' comes after the exit and after the last line still in the pipe was read.
    child.once('close', (_, signal) => {
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`the appender stopped by itself: ${errors}`));
    });
  });
}

describe('embedded store under SIGKILL', () => {
  it('keeps every acknowledged event intact, shows no partial batch, and verifies, over 20 kills', async () => {
    const path = join(temporaryDirectory(), 'events.db');
    let total = 0;
    let events = 0;
    for (let cycle = 0; cycle < 20; cycle += 1) {
      const acknowledged = await appendUntilKilled(path, Math.floor(Math.random() * 350));
      const store = new SqliteEventStore({ path });
      const stored = new Map<string, RecordedEvent>();
      const batches = new Map<string, number>();
      for await (const event of store.readAll()) {
        stored.set(event.id, event);
        const batch = event.metadata.batch as string;
        batches.set(batch, (batches.get(batch) ?? 0) + 1);
      }
      for (const append of acknowledged) {
        for (const event of append.events) {
          expect(stored.get(event.id)).toMatchObject({
            stream: append.stream,
            position: event.position,
            revision: event.revision,
            data: event.data,
          });
        }
      }
      const partial = [...stored.values()].filter(
        (event) => batches.get(event.metadata.batch as string) !== event.metadata.size,
      );
      expect(partial).toEqual([]);
      expect((await verifyChain(store.readAll())).firstBreak).toBeUndefined();
      events = stored.size;
      total += acknowledged.length;
      await store.close();
    }
    expect(total).toBeGreaterThan(100);
    process.stdout.write(
      `crash test: ${total} acknowledged appends checked, ${events} events in the store after 20 kills\n`,
    );
  }, 120_000);
});
