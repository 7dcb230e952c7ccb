import { SqliteEventStore } from '@ledger/event-store';
import { LiveReadModels, readModelProjections } from '@ledger/projections';
import { peakRss } from './figure';

/**
 * One rebuild of every read model in a process of its own, as `ledger rebuild` runs it: its peak
 * RSS is the rebuild's, not what filling the store left in the benchmark's heap. Prints one JSON line
 * with the peak sampled during the rebuild and the kernel's own peak for the whole process
 * (writer thread included), which no sampling interval can miss.
 */
async function rebuild(storePath: string, readModelsPath: string, batchSize: number): Promise<void> {
  const store = new SqliteEventStore({ path: storePath });
  const readModels = LiveReadModels.open(store, { path: readModelsPath, projections: readModelProjections });
  const started = process.hrtime.bigint();
  const { result: checkpoint, peakBytes } = await peakRss(() => readModels.rebuild({ batchSize }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await readModels.close();
  await store.close();
  const maxRssBytes = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(`${JSON.stringify({ checkpoint, seconds, peakBytes, maxRssBytes })}\n`);
}

const [storePath, readModelsPath, batchSize] = process.argv.slice(2);
void rebuild(storePath!, readModelsPath!, Number(batchSize));
