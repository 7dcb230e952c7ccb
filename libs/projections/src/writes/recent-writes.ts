import { uncommittedBatches } from './row-writes';

/**
 * Rows a projection wrote in the current batch and in the `uncommittedBatches` before it, by key.
 * Those may still be committing on a rebuild's writer thread while the next one is folded: a read
 * that needs one of their rows finds it here, not in the database. Older batches are committed, so
 * the database has them.
 */
export class RecentWrites<Value> {
  /** The current batch first. */
  private batches = [new Map<string, Value>()];

  get(key: string): Value | undefined {
    for (const batch of this.batches) {
      const value = batch.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  set(key: string, value: Value): void {
    this.batches[0]!.set(key, value);
  }

  endBatch(): void {
    this.batches = [new Map<string, Value>(), ...this.batches.slice(0, uncommittedBatches)];
  }

  /** After a failed batch, or once the projector moves to other read models: nothing remembered holds. */
  clear(): void {
    this.batches = [new Map<string, Value>()];
  }
}
