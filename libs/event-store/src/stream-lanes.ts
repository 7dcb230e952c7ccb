/**
 * Runs the tasks of one stream one after another, in the order they were handed in; tasks of
 * different streams run side by side. A failed task does not hold up the next one. A stream's
 * lane is forgotten once it is idle, so memory follows the streams in flight, not all streams seen.
 */
export class StreamLanes {
  private readonly lanes = new Map<string, Promise<void>>();

  run<T>(stream: string, task: () => Promise<T>): Promise<T> {
    const before = this.lanes.get(stream);
    const result = before ? before.then(task) : task();
    const lane = result.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(stream, lane);
    void lane.then(() => {
      if (this.lanes.get(stream) === lane) this.lanes.delete(stream);
    });
    return result;
  }
}
