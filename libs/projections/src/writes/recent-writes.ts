/**
 * Rows a projection wrote in the current and the previous batch, by key. The previous batch may
 * still be committing on the writer thread while the next one is folded: a read that needs one of
 * its rows finds it here, not in the database. Older batches are committed, so the database has them.
 */
export class RecentWrites<Value> {
  private current = new Map<string, Value>();
  private previous = new Map<string, Value>();

  get(key: string): Value | undefined {
    return this.current.get(key) ?? this.previous.get(key);
  }

  set(key: string, value: Value): void {
    this.current.set(key, value);
  }

  endBatch(): void {
    this.previous = this.current;
    this.current = new Map();
  }

  /** After a failed batch, or once the projector moves to other read models: nothing remembered holds. */
  clear(): void {
    this.current.clear();
    this.previous.clear();
  }
}
