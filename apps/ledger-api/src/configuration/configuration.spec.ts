import { ConfigurationError, identityProviderOf, loadConfiguration } from './configuration';

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
      LEDGER_JWKS_URL: undefined,
      LEDGER_JWT_ISSUER: undefined,
      LEDGER_JWT_AUDIENCE: undefined,
    });
  });

  it('takes an identity provider with its issuer and audience, and its keys over https or from this machine', () => {
    const provider = {
      LEDGER_JWKS_URL: 'https://idp.example.jp/realms/insurer/protocol/openid-connect/certs',
      LEDGER_JWT_ISSUER: 'https://idp.example.jp/realms/insurer',
      LEDGER_JWT_AUDIENCE: 'qualification-ledger',
    };
    expect(identityProviderOf(loadConfiguration(provider))).toEqual({
      jwksUrl: new URL(provider.LEDGER_JWKS_URL),
      issuer: provider.LEDGER_JWT_ISSUER,
      audience: provider.LEDGER_JWT_AUDIENCE,
    });
    expect(identityProviderOf(loadConfiguration({}))).toBeUndefined();
    for (const local of ['http://127.0.0.1:8080/certs', 'http://localhost/certs', 'http://[::1]:9000/certs']) {
      expect(identityProviderOf(loadConfiguration({ ...provider, LEDGER_JWKS_URL: local }))?.jwksUrl.href).toBe(
        new URL(local).href,
      );
    }
    expect(() => loadConfiguration({ ...provider, LEDGER_JWKS_URL: 'http://idp.example.jp/certs' })).toThrow(
      new ConfigurationError(['LEDGER_JWKS_URL must be an https:// URL (http:// only on this machine)']),
    );
    expect(() => loadConfiguration({ ...provider, LEDGER_JWKS_URL: 'certs' })).toThrow(
      new ConfigurationError(['LEDGER_JWKS_URL must be a URL']),
    );
    expect(() => loadConfiguration({ LEDGER_JWKS_URL: provider.LEDGER_JWKS_URL })).toThrow(
      new ConfigurationError([
        "LEDGER_JWT_ISSUER must be set with LEDGER_JWKS_URL: the provider's tokens name it as iss",
        'LEDGER_JWT_AUDIENCE must be set with LEDGER_JWKS_URL: the tokens for the ledger name it as aud',
      ]),
    );
    // An issuer without the keys to check its tokens would be ignored: said, not taken silently.
    expect(() => loadConfiguration({ LEDGER_JWT_ISSUER: provider.LEDGER_JWT_ISSUER })).toThrow(
      new ConfigurationError([
        'LEDGER_JWKS_URL must be set when LEDGER_JWT_ISSUER or LEDGER_JWT_AUDIENCE is: without the keys, no token could be checked',
        'LEDGER_JWT_AUDIENCE must be set with LEDGER_JWKS_URL: the tokens for the ledger name it as aud',
      ]),
    );
    expect(() => loadConfiguration({ ...provider, LEDGER_JWT_ISSUER: '  ' })).toThrow(
      `LEDGER_JWT_ISSUER must be set with LEDGER_JWKS_URL: the provider's tokens name it as iss (got "  ")`,
    );
    // fetch would refuse it, repeating the password in its refusal.
    const withPassword = () =>
      loadConfiguration({ ...provider, LEDGER_JWKS_URL: 'https://ledger:s3cret@idp.example.jp/certs' });
    expect(withPassword).toThrow(new ConfigurationError(['LEDGER_JWKS_URL must not hold a user name or password']));
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
