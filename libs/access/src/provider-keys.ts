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
  /** After a failed fetch, how long no other is tried: requests during an outage do not each wait for the timeout. */
  readonly retryAfterMs?: number;
  /** How soon after a fetch a token with a key id the set does not have makes it fetch again (a rotation). */
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

/**
 * The identity provider's JSON Web Key Set, fetched and cached. It differs from jose's remote set
 * in what an outage of the provider does: keys whose refresh failed are kept and used (a token
 * signed by a key the ledger has still works), and a failed fetch is not tried again for
 * `retryAfterMs`. A set that is none (not JSON, malformed) counts as a failed fetch. jose's own
 * local set picks the key for a token.
 */
export class ProviderKeys {
  private fetched?: Fetched;
  private failed?: { readonly at: number; readonly error: ProviderKeysUnavailable };
  private fetching?: Promise<Fetched>;
  private readonly timeoutMs: number;
  private readonly maxAgeMs: number;
  private readonly retryAfterMs: number;
  private readonly cooldownMs: number;
  private readonly now: () => number;

  constructor(
    private readonly url: URL,
    private readonly options: ProviderKeysOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxAgeMs = options.maxAgeMs ?? 600_000;
    this.retryAfterMs = options.retryAfterMs ?? 5_000;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.now = options.now ?? Date.now;
  }

  /** For jose's `jwtVerify`: the key the token names, from keys fetched at most `maxAgeMs` ago when the provider answers. */
  readonly keyFor: JWTVerifyGetKey = async (header, token) => {
    const fetched = await this.current();
    try {
      return await fetched.keyFor(header, token);
    } catch (error) {
      if (!(error instanceof errors.JWKSNoMatchingKey) || this.now() - fetched.at < this.cooldownMs) throw error;
      return (await this.refetch()).keyFor(header, token);
    }
  };

  /**
   * The keys fetched last. Old ones are fetched again behind the answer, which they still give:
   * a request does not wait for the provider, down or slow, while the ledger has keys.
   */
  private async current(): Promise<Fetched> {
    const fetched = this.fetched;
    if (!fetched) return this.refetch();
    if (this.now() - fetched.at >= this.maxAgeMs) this.refetch().catch(() => undefined);
    return fetched;
  }

  private refetch(): Promise<Fetched> {
    if (this.failed && this.now() - this.failed.at < this.retryAfterMs) return Promise.reject(this.failed.error);
    this.fetching ??= this.fetchKeys().finally(() => (this.fetching = undefined));
    return this.fetching;
  }

  private async fetchKeys(): Promise<Fetched> {
    try {
      const response = await (this.options.fetch ?? fetch)(this.url, {
        headers: { accept: 'application/json' },
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.status !== 200) throw new Error(`answered ${response.status}`);
      const keySet = (await response.json()) as Parameters<typeof createLocalJWKSet>[0];
      this.fetched = { keyFor: createLocalJWKSet(keySet), at: this.now() };
    } catch (cause) {
      const reason =
        (cause as Error).name === 'TimeoutError' ? `no answer within ${this.timeoutMs} ms` : (cause as Error).message;
      const error = new ProviderKeysUnavailable(`fetching ${this.url.href}: ${reason}`, { cause });
      this.failed = { at: this.now(), error };
      const meanwhile = this.fetched
        ? `the keys fetched ${Math.round((this.now() - this.fetched.at) / 1000)} s ago are used meanwhile`
        : 'tokens are answered 503 meanwhile';
      this.options.onFetchFailed?.(
        `the identity provider's keys could not be fetched (${error.message}); ${meanwhile}`,
      );
      throw error;
    }
    this.failed = undefined;
    return this.fetched;
  }
}
