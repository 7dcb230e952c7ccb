/** Between pages a long read lets queued appends commit: reads never starve writers. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An async iterable over pages of rows fetched on demand, one page in memory at a time, each row
 * decoded as it is yielded: a row that cannot be decoded fails where it is, after the rows before it.
 * A hand-written iterator rather than an async generator: it answers from the page buffer without a
 * generator resumption per event, which is most of the cost of reading the log.
 */
export function fromPages<Row, T>(nextPage: () => readonly Row[], decode: (row: Row) => T): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let page: readonly Row[] = [];
      let index = 0;
      let started = false;
      let finished = false;
      return {
        async next(): Promise<IteratorResult<T>> {
          if (index < page.length) return { value: decode(page[index++]!), done: false };
          if (finished) return { value: undefined, done: true };
          if (started) await nextTurn();
          started = true;
          page = nextPage();
          index = 0;
          if (page.length === 0) {
            finished = true;
            return { value: undefined, done: true };
          }
          return { value: decode(page[index++]!), done: false };
        },
      };
    },
  };
}
