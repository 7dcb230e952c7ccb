import { SqliteEventStore } from '@ledger/event-store';
import { firstValueFrom, last, take } from 'rxjs';

/**
 * One subscription catch-up over a filled store in a process of its own: its peak RSS (the kernel's
 * maxRSS) is the catch-up's, not what filling the store left in the benchmark's heap. Prints one JSON line.
 */
async function catchUp(storePath: string, count: number): Promise<void> {
  const store = new SqliteEventStore({ path: storePath });
  const started = process.hrtime.bigint();
  await firstValueFrom(store.subscribeToAll().pipe(take(count), last()));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await store.close();
  process.stdout.write(`${JSON.stringify({ seconds, peakBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
}

const [storePath, count] = process.argv.slice(2);
void catchUp(storePath!, Number(count));
