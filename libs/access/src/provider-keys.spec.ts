import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { ProviderKeys, ProviderKeysUnavailable } from './provider-keys';

const url = new URL('https://idp.example.jp/realms/insurer/certs');

/** The provider as the tests play it: what its endpoint answers now, and how often it was asked. */
class FakeProvider {
  answer: () => Promise<Response> = () => Promise.reject(new TypeError('fetch failed'));
  fetches = 0;
  readonly fetch = ((_url: URL, init: RequestInit) => {
    this.fetches += 1;
    const signal = init.signal!;
    return new Promise<Response>((resolve, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
      this.answer().then(resolve, reject);
    });
  }) as typeof fetch;

  serves(keys: readonly JWK[]): void {
    this.answer = () => Promise.resolve(Response.json({ keys }));
  }
}

describe('ProviderKeys: the identity provider key set, cached through outages', () => {
  let oldKey: JWK;
  let newKey: JWK;
  let provider: FakeProvider;
  let clock: number;
  let failures: string[];
  let keys: ProviderKeys;

  const header = (kid: string) => ({ alg: 'ES256', kid });
  /** A token's header and payload are all the key set reads. */
  const token = { payload: '', signature: '', protected: '' };
  const keyFor = (kid: string) => keys.keyFor(header(kid), token);
  const later = (ms: number) => (clock += ms);

  beforeAll(async () => {
    oldKey = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'old', alg: 'ES256' };
    newKey = { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), kid: 'new', alg: 'ES256' };
  });

  beforeEach(() => {
    provider = new FakeProvider();
    clock = 1_000_000;
    failures = [];
    keys = new ProviderKeys(url, {
      fetch: provider.fetch,
      now: () => clock,
      timeoutMs: 50,
      onFetchFailed: (problem) => failures.push(problem),
    });
  });

  it('fetches the set once, and again before using it once it is old: a withdrawn key stops working then', async () => {
    provider.serves([oldKey]);
    await expect(keyFor('old')).resolves.toBeDefined();
    later(599_000);
    await expect(keyFor('old')).resolves.toBeDefined();
    expect(provider.fetches).toBe(1);
    provider.serves([newKey]);
    later(2_000);
    await expect(keyFor('old')).rejects.toThrow('no applicable key found');
    expect(provider.fetches).toBe(2);
    await expect(keyFor('new')).resolves.toBeDefined();
  });

  it('keeps the keys it has through an outage, up to an hour old, and says so once per failed fetch', async () => {
    provider.serves([oldKey]);
    await keyFor('old');
    provider.answer = () => Promise.resolve(new Response('<html>maintenance</html>', { status: 503 }));
    later(700_000);
    await expect(keyFor('old')).resolves.toBeDefined();
    later(1_000);
    await expect(keyFor('old')).resolves.toBeDefined();
    expect(provider.fetches).toBe(2);
    expect(failures).toEqual([
      `the identity provider's keys could not be fetched (fetching ${url.href}: answered 503); the keys fetched 700 s ago are used meanwhile, up to 60 minutes old`,
    ]);
    later(3_600_000 - 701_000);
    await expect(keyFor('old')).rejects.toThrow(`fetching ${url.href}: answered 503`);
    expect(failures.at(-1)).toBe(
      `the identity provider's keys could not be fetched (fetching ${url.href}: answered 503); tokens are answered 503 meanwhile`,
    );
  });

  it('asks a provider that is down no more often for tokens with key ids it does not have', async () => {
    provider.serves([oldKey]);
    await keyFor('old');
    provider.answer = () => Promise.reject(new TypeError('fetch failed'));
    later(30_000);
    await expect(keyFor('made-up-1')).rejects.toThrow(ProviderKeysUnavailable);
    for (let second = 1; second < 30; second += 1) {
      later(1_000);
      await expect(keyFor(`made-up-${second}`)).rejects.toThrow('no applicable key found');
    }
    expect(provider.fetches).toBe(2);
    await expect(keyFor('old')).resolves.toBeDefined();
  });

  it('without keys, fails at once while a failed fetch is recent, then asks again', async () => {
    await expect(keyFor('old')).rejects.toThrow(`fetching ${url.href}: fetch failed`);
    later(4_000);
    await expect(keyFor('old')).rejects.toThrow(ProviderKeysUnavailable);
    expect(provider.fetches).toBe(1);
    expect(failures).toEqual([
      `the identity provider's keys could not be fetched (fetching ${url.href}: fetch failed); tokens are answered 503 meanwhile`,
    ]);
    provider.serves([oldKey]);
    later(1_000);
    await expect(keyFor('old')).resolves.toBeDefined();
    expect(provider.fetches).toBe(2);
  });

  it('gives up on a provider that does not answer, and counts a set that is none, or over 1 MiB, as a failed fetch', async () => {
    provider.answer = () => new Promise<Response>(() => undefined);
    await expect(keyFor('old')).rejects.toThrow(`fetching ${url.href}: no answer within 50 ms`);
    later(5_000);
    provider.answer = () => Promise.resolve(Response.json({ keys: 'none' }));
    await expect(keyFor('old')).rejects.toThrow(`fetching ${url.href}: JSON Web Key Set malformed`);
    later(5_000);
    provider.answer = () => Promise.resolve(new Response('<html></html>', { status: 200 }));
    await expect(keyFor('old')).rejects.toThrow(ProviderKeysUnavailable);
    later(5_000);
    const huge = JSON.stringify({ keys: [oldKey], padding: 'x'.repeat(1 << 20) });
    provider.answer = () => Promise.resolve(new Response(huge, { status: 200 }));
    await expect(keyFor('old')).rejects.toThrow(`fetching ${url.href}: answered more than 1048576 bytes`);
  });

  it('fetches again for a key id it does not know once the cooldown is over: the provider rotated its keys', async () => {
    provider.serves([oldKey]);
    await keyFor('old');
    provider.serves([oldKey, newKey]);
    later(10_000);
    await expect(keyFor('new')).rejects.toThrow('no applicable key found');
    expect(provider.fetches).toBe(1);
    later(20_000);
    await expect(keyFor('new')).resolves.toBeDefined();
    expect(provider.fetches).toBe(2);
  });

  it('asks the provider once for requests that come while a fetch is under way', async () => {
    provider.serves([oldKey]);
    await Promise.all([keyFor('old'), keyFor('old'), keyFor('old')]);
    expect(provider.fetches).toBe(1);
  });

  it('is what jose verifies against: a token of a fetched key verifies', async () => {
    const pair = await generateKeyPair('ES256');
    provider.serves([{ ...(await exportJWK(pair.publicKey)), kid: 'signing', alg: 'ES256' }]);
    const signed = await new SignJWT({}).setProtectedHeader({ alg: 'ES256', kid: 'signing' }).sign(pair.privateKey);
    const { jwtVerify } = await import('jose');
    await expect(jwtVerify(signed, keys.keyFor)).resolves.toMatchObject({ protectedHeader: { kid: 'signing' } });
  });
});
