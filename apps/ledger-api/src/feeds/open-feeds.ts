/** A feed that can be told to end its stream. */
export interface StoppableFeed {
  stop(): void;
}

/**
 * The feeds a service has open, so that shutdown can end them: the server waits for every open
 * connection before it closes. Requests still come in until it does, so a feed opened once closing
 * began is ended at once; its client resumes elsewhere with Last-Event-ID.
 */
export class OpenFeeds {
  private readonly open = new Set<StoppableFeed>();
  private closing = false;

  /** Keeps `feed` until `running` settles. */
  add(feed: StoppableFeed, running: Promise<unknown>): void {
    // Settled before anything else: a feed ended at once must not leave its promise unhandled.
    const forget = () => void this.open.delete(feed);
    running.then(forget, forget);
    if (this.closing) {
      feed.stop();
      return;
    }
    this.open.add(feed);
  }

  /** Ends every open feed, and every feed added from now on. */
  closeAll(): void {
    this.closing = true;
    for (const feed of this.open) feed.stop();
  }
}
