import { StreamLanes } from './stream-lanes';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('StreamLanes', () => {
  it('runs the tasks of one stream one after another, in order, a failure included', async () => {
    const lanes = new StreamLanes();
    const log: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`start ${name}`);
        await tick();
        log.push(`end ${name}`);
        if (fail) throw new Error(name);
        return name;
      };
    const results = await Promise.allSettled([
      lanes.run('a', task('1')),
      lanes.run('a', task('2', true)),
      lanes.run('a', task('3')),
    ]);
    expect(log).toEqual(['start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('keeps a lane serial for a task that arrives after the first ended, while the second still runs', async () => {
    const lanes = new StreamLanes();
    const log: string[] = [];
    let endSecond!: () => void;
    const first = lanes.run('a', () => Promise.resolve(void log.push('1')));
    const second = lanes.run(
      'a',
      () => new Promise<void>((resolve) => (endSecond = () => (log.push('2 end'), resolve()))),
    );
    await first;
    await tick();
    const third = lanes.run('a', () => Promise.resolve(void log.push('3')));
    await tick();
    endSecond();
    await Promise.all([second, third]);
    expect(log).toEqual(['1', '2 end', '3']);
  });

  it('runs tasks of different streams side by side', async () => {
    const lanes = new StreamLanes();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([lanes.run('a', task('a')), lanes.run('b', task('b'))]);
    expect(log).toEqual(['start a', 'start b', 'end a', 'end b']);
  });
});
