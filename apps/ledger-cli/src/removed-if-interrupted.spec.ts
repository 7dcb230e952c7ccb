import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { removedIfInterrupted } from './removed-if-interrupted';

const listenerCounts = () => ['SIGINT', 'SIGTERM', 'SIGHUP'].map((signal) => process.listenerCount(signal));

describe('removedIfInterrupted', () => {
  it('leaves no signal listener behind when the work ends or fails', async () => {
    const before = listenerCounts();
    await expect(
      removedIfInterrupted(
        () => [],
        () => Promise.resolve('done'),
      ),
    ).resolves.toBe('done');
    await expect(
      removedIfInterrupted(
        () => [],
        () => Promise.reject(new Error('failed')),
      ),
    ).rejects.toThrow('failed');
    expect(listenerCounts()).toEqual(before);
  });

  it('R31: on a signal it removes the leftovers, past one it cannot remove, then raises the signal again', async () => {
    const before = listenerCounts();
    const kill = jest.spyOn(process, 'kill').mockImplementation(() => true);
    const directory = mkdtempSync(join(tmpdir(), 'interrupted-'));
    const scratch = join(directory, '.replay-1');
    mkdirSync(scratch);
    writeFileSync(join(scratch, 'partial.db'), 'restricted data');
    const handedOut = join(directory, 'known.db');
    writeFileSync(handedOut, 'a file never reported');
    let finish!: () => void;
    const running = removedIfInterrupted(
      // A NUL byte makes the removal throw.
      () => ['not\0removable', scratch, handedOut],
      () => new Promise<void>((done) => (finish = done)),
    );
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect([existsSync(scratch), existsSync(handedOut)]).toEqual([false, false]);
      expect(kill).toHaveBeenCalledWith(process.pid, 'SIGTERM');
      expect(listenerCounts()).toEqual(before);
    } finally {
      finish();
      await running;
      kill.mockRestore();
    }
  });
});
