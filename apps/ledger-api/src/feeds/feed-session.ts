import { type Principal } from '@ledger/access/keys';
import { type EventStore } from '@ledger/event-store';
import { type LiveProjector } from '@ledger/projections';
import { type ServerResponse } from 'node:http';
import { once } from 'node:events';
import { type FeedName, feedEventTypes, feedItem, isCorrection } from './feed-items';
import { replacedData } from './replaced-data';

export interface FeedOptions {
  readonly feed: FeedName;
  readonly principal: Principal;
  /** The last position the client has: changes after it are sent. */
  readonly after: number;
  readonly heartbeatMs: number;
  readonly pageSize?: number;
  /** Whether the principal's key is still usable: once revoked, the stream ends at the next heartbeat or page. */
  readonly keyUsable: () => boolean;
  /** When the credential stops working (an identity provider's token, epoch ms): the stream ends then. */
  readonly endsAt?: number;
  /** Whether a viewing restriction was ever filed for the person of a stream, as the log says now (R31). */
  readonly isRestricted: (stream: string) => Promise<boolean>;
}

/**
 * One SSE connection. It sends only what the read models have applied (up to the projector's
 * checkpoint), reading the log in pages from the last position sent, and waits for the client to
 * drain before reading on: no gap, no duplicate, bounded memory for a slow client. The key it was
 * opened with is asked after again before each page and at each heartbeat: a revoked key hears
 * nothing more, and its client's reconnection is refused (401).
 */
export class FeedSession {
  private closed = false;
  /** Aborted when the client goes away or the session is stopped: every wait ends then. */
  private readonly ending = new AbortController();

  constructor(
    private readonly store: EventStore,
    private readonly projector: LiveProjector,
    private readonly options: FeedOptions,
  ) {}

  async run(response: ServerResponse): Promise<void> {
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // A HEAD asks for the headers only: Node drops what is written after them, so nothing would ever end it.
    if (response.req.method === 'HEAD') return void response.end();
    response.write(`retry: 1000\n: following ${this.options.feed} after ${this.options.after}\n\n`);
    response.once('close', () => this.stop());
    // A client gone while the session was being opened (its resume position checked) closed it before.
    if (response.destroyed) return this.stop();
    const heartbeat = setInterval(() => {
      if (this.closed) return;
      if (this.options.keyUsable()) response.write(': heartbeat\n\n');
      else this.stop();
    }, this.options.heartbeatMs);
    const expiry = this.expiryTimer();
    try {
      await this.follow(response);
    } catch (error) {
      // Stopped (the client went away, its key was revoked, the service is closing): the client resumes
      // with Last-Event-ID. Any other failure is the caller's to log, not an end like these.
      if (!this.closed && !response.destroyed) throw error;
    } finally {
      clearInterval(heartbeat);
      clearTimeout(expiry);
      response.end();
    }
  }

  /** Past Node's longest timeout (24.8 days) a token is left to the heartbeat's check. */
  private expiryTimer(): NodeJS.Timeout | undefined {
    const { endsAt } = this.options;
    if (endsAt === undefined) return undefined;
    const left = endsAt - Date.now();
    return left <= 2 ** 31 - 1 ? setTimeout(() => this.stop(), Math.max(0, left)) : undefined;
  }

  /**
   * Ends the stream as soon as the session is between two events: the service is shutting down,
   * and an open stream would keep it from closing. The client resumes with Last-Event-ID.
   */
  stop(): void {
    this.closed = true;
    this.ending.abort();
  }

  /**
   * `waited`, or the end of the session, whichever comes first. A race against one promise that
   * lasts as long as the session would keep a reaction for every wait of a stream open for days;
   * this listener goes once its wait is over.
   */
  private untilEnded(waited: Promise<unknown>): Promise<unknown> {
    const { signal } = this.ending;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve, reject) => {
      signal.addEventListener('abort', resolve, { once: true });
      waited.then(resolve, reject).finally(() => signal.removeEventListener('abort', resolve));
    });
  }

  private async follow(response: ServerResponse): Promise<void> {
    const { feed, principal, pageSize = 500 } = this.options;
    let scanned = this.options.after;
    while (!this.closed) {
      if (!this.options.keyUsable()) return this.stop();
      const checkpoint = this.projector.checkpoint;
      let read = 0;
      for await (const event of this.store.readAll({
        after: scanned,
        maxCount: pageSize,
        filter: { eventTypes: feedEventTypes[feed] },
      })) {
        if (event.position > checkpoint || this.closed) break;
        read += 1;
        scanned = event.position;
        // Only a subscriber needs what a correction replaced, to tell whether it changes anything shown.
        const replaced =
          principal.role !== 'auditor' && isCorrection(event) ? await replacedData(this.store, event) : undefined;
        // Only an auditor is ever shown protected data: asked for each of its events, of the log as it is now.
        const restricted = principal.role === 'auditor' && (await this.options.isRestricted(event.stream));
        // Stopped while this event was being read about (its key revoked, its token expired): it is not sent.
        if (this.closed) break;
        const item = feedItem(feed, principal, event, () => restricted, replaced);
        if (item && !response.write(`id: ${item.position}\nevent: ${item.type}\ndata: ${JSON.stringify(item)}\n\n`)) {
          await this.untilEnded(once(response, 'drain'));
        }
      }
      if (read < pageSize && !this.closed) {
        // Everything up to the checkpoint is sent; wait for the read models to move on.
        scanned = Math.max(scanned, checkpoint);
        // Given the signal too, so that a wait given up keeps no subscription on the checkpoint.
        await this.untilEnded(this.projector.caughtUp(checkpoint + 1, this.ending.signal));
      }
    }
  }
}
