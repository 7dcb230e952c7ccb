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
