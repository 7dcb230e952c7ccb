import { CheckpointWatch } from './checkpoint-watch';

describe('the checkpoint a projector has reached, for those who wait on it', () => {
  it('ends a wait whose signal aborts, though the checkpoint has not moved, and one aborted before it began', async () => {
    const watch = new CheckpointWatch(3);
    const givenUp = new AbortController();
    const waiting = watch.caughtUp(10, givenUp.signal);
    givenUp.abort();
    await expect(waiting).resolves.toBeUndefined();
    await expect(watch.caughtUp(10, givenUp.signal)).resolves.toBeUndefined();
    expect(watch.checkpoint).toBe(3);
  });

  it('keeps a wait without a signal until the checkpoint reaches its position', async () => {
    const watch = new CheckpointWatch(3);
    let reached = false;
    const waiting = watch.caughtUp(5).then(() => (reached = true));
    watch.moveTo(4);
    await Promise.resolve();
    expect(reached).toBe(false);
    watch.moveTo(5);
    await waiting;
    expect(reached).toBe(true);
  });
});
