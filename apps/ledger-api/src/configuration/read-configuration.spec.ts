import { loadReadConfiguration } from './read-configuration';

describe('read configuration', () => {
  it('has defaults: 2 s for read-your-writes, 10,000 positions of lag, 15 s heartbeats', () => {
    expect({ ...loadReadConfiguration({}) }).toEqual({
      LEDGER_MIN_POSITION_WAIT_MS: 2_000,
      LEDGER_READY_MAX_LAG: 10_000,
      LEDGER_FEED_HEARTBEAT_MS: 15_000,
    });
    expect(loadReadConfiguration({ LEDGER_MIN_POSITION_WAIT_MS: '500' }).LEDGER_MIN_POSITION_WAIT_MS).toBe(500);
  });

  it('names each bad variable and the value it got', () => {
    expect(() => loadReadConfiguration({ LEDGER_MIN_POSITION_WAIT_MS: 'soon', LEDGER_READY_MAX_LAG: '-1' })).toThrow(
      'LEDGER_MIN_POSITION_WAIT_MS must be an integer number of milliseconds, 1 to 60000 (got "soon"); LEDGER_READY_MAX_LAG must be a whole number of log positions, 0 or more (got "-1")',
    );
  });
});
