import { OpenFeeds, type StoppableFeed } from './open-feeds';

class Feed implements StoppableFeed {
  stopped = 0;
  stop(): void {
    this.stopped += 1;
  }
}

const never = new Promise<void>(() => undefined);

describe('open feeds', () => {
  it('ends every open feed at shutdown, but not one that has ended already', async () => {
    const feeds = new OpenFeeds();
    const [first, second, ended] = [new Feed(), new Feed(), new Feed()];
    feeds.add(first, never);
    feeds.add(second, never);
    const done = Promise.resolve();
    feeds.add(ended, done);
    await done;
    feeds.closeAll();
    expect([first.stopped, second.stopped, ended.stopped]).toEqual([1, 1, 0]);
  });

  it('ends at once a feed opened while the service is closing', () => {
    const feeds = new OpenFeeds();
    feeds.closeAll();
    const late = new Feed();
    feeds.add(late, never);
    expect(late.stopped).toBe(1);
  });

  it('leaves no failure unhandled of a feed ended at once, opened while the service is closing', async () => {
    const feeds = new OpenFeeds();
    feeds.closeAll();
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      feeds.add(new Feed(), Promise.reject(new Error('the store closed')));
      await new Promise((turn) => setImmediate(turn));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('forgets a feed whose session failed', async () => {
    const feeds = new OpenFeeds();
    const failed = new Feed();
    const running = Promise.reject(new Error('the store closed'));
    feeds.add(failed, running);
    await running.catch(() => undefined);
    feeds.closeAll();
    expect(failed.stopped).toBe(0);
  });
});
