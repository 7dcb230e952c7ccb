import { createLocalJWKSet, errors, type JWTVerifyGetKey } from 'jose';

/** The provider's keys could not be fetched: its fault or the network's, and asking again later may help. */
export class ProviderKeysUnavailable extends Error {
  override readonly name = 'ProviderKeysUnavailable';
}

export interface ProviderKeysOptions {
  /** How long one fetch may take. */
  readonly timeoutMs?: number;
  /** How long fetched keys are used before they are fetched again. */
  readonly maxAgeMs?: number;
  /** How long keys whose fetch failed go on being used: about the longest a token lives. */
  readonly outageMs?: number;
  /** After a failed fetch, how long no other is tried: requests during an outage do not each wait for the timeout. */
  readonly retryAfterMs?: number;
  /** How soon after a fetch (done or failed) a token with a key id the set lacks makes it fetch again (a rotation). */
  readonly cooldownMs?: number;
  /** Told of every failed fetch, with what is used meanwhile. */
  readonly onFetchFailed?: (problem: string) => void;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
}

interface Fetched {
  readonly keyFor: JWTVerifyGetKey;
  readonly at: number;
}

/** A key set is a few kilobytes: a provider answering more is not answering a key set. */
const maxKeySetBytes = 1 << 20;

/**
 * The identity provider's JSON Web Key Set, fetched and cached. It differs from jose's remote set
 * in what an outage of the provider does. Keys older than `maxAgeMs` are fetched again before they
 * are used; when that fails, they go on being used up to `outageMs` (a token signed by a key the
 * ledger has still works), and after a failed fetch no other is tried for `retryAfterMs`. An
 * answer that is no key set (not JSON, malformed, over 1 MiB) counts as a failed fetch. jose's own
 * local set picks the key for a token.
 */
export class ProviderKeys {
  private fetched?: Fetched;
  private failed?: { readonly at: number; readonly error: ProviderKeysUnavailable };
  private fetching?: Promise<Fetched>;
  private lastFetchAt = Number.NEGATIVE_INFINITY;
  private readonly timeoutMs: number;
  private readonly maxAgeMs: number;
  private readonly outageMs: number;
  private readonly retryAfterMs: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(
    private readonly url: URL,
    private readonly options: ProviderKeysOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxAgeMs = options.maxAgeMs ?? 600_000;
    this.outageMs = options.outageMs ?? 3_600_000;
    this.retryAfterMs = options.retryAfterMs ?? 5_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** For jose's `jwtVerify`: the key the token names, of the set fetched last. */
  readonly keyFor: JWTVerifyGetKey = async (header, token) => {
    const fetched = await this.current();
    try {
      return await fetched.keyFor(header, token);
    } catch (error) {
      // Tokens with made-up key ids make the ledger ask the provider no more often, whether it answers or not.
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.now() - this.lastFetchAt < this.cooldownMs) throw error;
      return (await this.refetch()).keyFor(header, token);
    }
  };

  /** The keys fetched last while they are young; else fetched again, the old ones kept for an outage. */
  private async current(): Promise<Fetched> {
    const fetched = this.fetched;
    if (fetched && this.now() - fetched.at < this.maxAgeMs) return fetched;
    try {
      return await this.refetch();
    } catch (error) {
      const usable = fetched && error instanceof ProviderKeysUnavailable && this.now() - fetched.at < this.outageMs;
      if (usable) return fetched;
      throw error;
    }
  }

  private refetch(): Promise<Fetched> {
    if (this.failed && this.now() - this.failed.at < this.retryAfterMs) return Promise.reject(this.failed.error);
    this.fetching ??= this.fetchKeys().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchKeys(): Promise<Fetched> {
    this.lastFetchAt = this.now();
    try {
      const response = await (this.options.fetch ?? fetch)(this.url, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.status !== 200) throw new Error(`answered ${response.status}`);
      const keySet = JSON.parse(await cappedText(response)) as Parameters<typeof createLocalJWKSet>[0];
      this.fetched = { keyFor: createLocalJWKSet(keySet), at: this.now() };
    } catch (cause) {
      const reason =
        (cause as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (cause as Error).message;
      const error = new ProviderKeysUnavailable(`fetching ${this.url.href}: ${reason}`, { cause });
      this.failed = { at: this.now(), error };
      this.options.onFetchFailed?.(
        `the identity provider's keys could not be fetched (${error.message}); ${this.meanwhile()}`,
      );
      throw error;
    }
    this.failed = undefined;
    return this.fetched;
  }

  private meanwhile(): string {
    const age = this.fetched && this.now() - this.fetched.at;
    return age !== undefined && age < this.outageMs
      ? `the keys fetched ${Math.round(age / 1000)} s ago are used meanwhile, up to ${this.outageMs / 60_000} minutes old`
      : 'tokens are answered 503 meanwhile';
  }
}

/** The body as text, refused past `maxKeySetBytes` whatever its Content-Length says. */
async function cappedText(response: Response): Promise<string> {
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of response.body ?? []) {
    bytes += (chunk as Uint8Array).byteLength;
    if (bytes > maxKeySetBytes) throw new Error(`answered more than ${maxKeySetBytes} bytes`);
    chunks.push(chunk as Uint8Array);
  }
  return Buffer.concat(chunks).toString('utf8');
}
