/** Between pages a long read lets queued appends commit: reads never starve writers. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An async iterable over pages fetched on demand, one page in memory at a time. A hand-written
 * iterator rather than an async generator: it answers from the page buffer without a generator
 * resumption per event, which is most of the cost of reading the log.
 */
export function fromPages<T>(nextPage: () => readonly T[]): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let page: readonly T[] = [];
      let index = 0;
      let started = false;
      let finished = false;
      return {
        async next(): Promise<IteratorResult<T>> {
          if (index < page.length) return { value: page[index++]!, done: false };
          if (finished) return { value: undefined, done: true };
          if (started) await nextTurn();
          started = true;
          page = nextPage();
          index = 0;
          if (page.length === 0) {
            finished = true;
            return { value: undefined, done: true };
          }
          return { value: page[index++]!, done: false };
        },
      };
    },
  };
}
