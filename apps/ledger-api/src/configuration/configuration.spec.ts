import { ConfigurationError, loadConfiguration } from './configuration';

describe('configuration', () => {
  it('has defaults for every variable', () => {
    expect({ ...loadConfiguration({}) }).toEqual({
      PORT: 3000,
      HOST: '0.0.0.0',
      LEDGER_DATA_DIR: './data',
      LOG_LEVEL: 'info',
      LEDGER_STORE: 'sqlite',
      EVENTSTORE_CONNECTION_STRING: undefined,
      LEDGER_API_KEYS: undefined,
      LEDGER_SHUTDOWN_GRACE_MS: 20_000,
    });
  });

  it('reads the environment', () => {
    const configuration = loadConfiguration({
      PORT: '8080',
      LEDGER_DATA_DIR: '/var/lib/ledger',
      LOG_LEVEL: 'debug',
      HOST: '127.0.0.1',
    });
    expect({ ...configuration }).toMatchObject({
      PORT: 8080,
      HOST: '127.0.0.1',
      LEDGER_DATA_DIR: '/var/lib/ledger',
      LOG_LEVEL: 'debug',
    });
  });

  it('selects the EventStoreDB store only with a connection string', () => {
    const clustered = loadConfiguration({
      LEDGER_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://node1:2113?tls=false',
    });
    expect(clustered.LEDGER_STORE).toBe('eventstoredb');
    expect(() => loadConfiguration({ LEDGER_STORE: 'eventstoredb' })).toThrow(
      'EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string',
    );
    // In the client's words, and never with the password the string holds.
    const refused = () =>
      loadConfiguration({
        LEDGER_STORE: 'eventstoredb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://admin:s3cretpw@node1:2113?tls=false&tsl=true',
      });
    expect(refused).toThrow('EVENTSTORE_CONNECTION_STRING must be an esdb:// connection string');
    expect(refused).toThrow('Unknown option key "tsl": the client would ignore it');
    expect(refused).not.toThrow(/s3cretpw/);
    expect(() => loadConfiguration({ LEDGER_STORE: 'postgres' })).toThrow(
      'LEDGER_STORE must be one of sqlite, eventstoredb (got "postgres")',
    );
  });

  it('names the variable and the value it got', () => {
    expect(() => loadConfiguration({ PORT: 'abc' })).toThrow(
      new ConfigurationError(['PORT must be an integer between 1 and 65535 (got "abc")']),
    );
    expect(() => loadConfiguration({ PORT: '70000' })).toThrow(
      'PORT must be an integer between 1 and 65535 (got "70000")',
    );
    expect(() => loadConfiguration({ LOG_LEVEL: 'loud' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    );
    expect(() => loadConfiguration({ LEDGER_DATA_DIR: '' })).toThrow('LEDGER_DATA_DIR must not be empty');
  });

  it('validates LEDGER_API_KEYS and never repeats a key in the message', () => {
    const keys = '[{"key":"a-long-enough-key-42","role":"insurer-clerk","insurers":["138057"]}]';
    expect(loadConfiguration({ LEDGER_API_KEYS: keys }).LEDGER_API_KEYS).toBe(keys);
    const bad = '[{"key":"a-long-enough-key-42","role":"janitor"}]';
    expect(() => loadConfiguration({ LEDGER_API_KEYS: bad })).toThrow(
      'LEDGER_API_KEYS entry 0: role: must be one of insurer-clerk, auditor, medical-institution, subscriber, admin',
    );
    expect(() => loadConfiguration({ LEDGER_API_KEYS: bad })).not.toThrow(/a-long-enough-key-42/);
  });

  it('reports every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfiguration({ PORT: '0', LOG_LEVEL: 'x', HOST: '' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems).toHaveLength(3);
  });
});
