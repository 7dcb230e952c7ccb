import { type CryptoKey, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose';
import { containsMyNumber, type InsurerNumber, type MedicalInstitutionCode } from '@ledger/domain';
import { checkScope } from './configured-keys';
import { scopeOf } from './key-scope';
import { type Principal } from './principal';
import { ProviderKeys, ProviderKeysUnavailable } from './provider-keys';
import { type Role } from './role';

/** Where the identity provider publishes its keys, and what its tokens for the ledger must say (README, Configuration). */
export interface IdentityProvider {
  readonly jwksUrl: URL;
  readonly issuer: string;
  readonly audience: string;
}

export type TokenVerified =
  | { readonly ok: true; readonly principal: Principal }
  | { readonly ok: false; readonly reason: string }
  /**
   * The token could not be checked, so it is neither good nor bad: the provider's keys could not be
   * fetched (`retry`: asking again later may help) or cannot be used. `reason` is for the client and
   * says no more than that; the cause is for the operator's log.
   */
  | {
      readonly ok: false;
      readonly reason: string;
      readonly unavailable: { readonly retry: boolean; readonly cause: string };
    };

/** Signatures a provider's public key makes: a shared secret (HS256) could be used by whoever holds it to mint tokens. */
const signingAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Seconds a token's `exp` and `nbf` may be off by the provider's clock: a feed, too, ends this long after `exp`. */
const clockToleranceSeconds = 30;

/** How often the same problem with the provider's keys is logged again. */
const warningIntervalMs = 600_000;

/**
 * The furthest ahead a token's `exp` may lie: the ledger cannot revoke a token, so one that would
 * work for days is refused rather than trusted for as long as it says.
 */
const longestTokenLifeSeconds = 86_400;

/** A subject is logged and recorded as the actor (R40): printable ASCII without spaces, as a key id is, and no My Number. */
const loggableSubject = /^[\x21-\x7e]{1,128}$/;

/** The key set's refusals of the token itself; anything else it throws means the token could not be checked. */
const refusesToken = (error: unknown): boolean =>
  error instanceof errors.JWKSNoMatchingKey ||
  error instanceof errors.JWKSMultipleMatchingKeys ||
  error instanceof errors.JOSEAlgNotAllowed ||
  error instanceof errors.JOSENotSupported;

/** Thrown through jose by the key set: the provider's keys, not the token, are at fault. */
class TokenNotCheckable extends Error {}

/**
 * Bearer JWTs that an identity provider signed, for deployments behind one (ARCHITECTURE.md,
 * Access): the token's signature is checked against the provider's JWKS, its issuer, audience and
 * expiry against the configuration, and its claims `role`, `insurers` and `medicalInstitutions`
 * grant what an API key's scope grants, checked by the same rules.
 */
export class IdentityTokens {
  private readonly keySet: JWTVerifyGetKey;
  private readonly verifyOptions: JWTVerifyOptions;
  /** Each problem told to the operator, and when. */
  private readonly warned = new Map<string, number>();

  /** `warn` hears, for the operator's log, why the provider's keys could not be fetched or used. */
  constructor(
    keySet: JWTVerifyGetKey,
    expected: Pick<IdentityProvider, 'issuer' | 'audience'>,
    private readonly warn?: (problem: string) => void,
  ) {
    this.keySet = async (header, token) => {
      try {
        return await keySet(header, token);
      } catch (error) {
        if (refusesToken(error)) throw error;
        throw new TokenNotCheckable((error as Error).message, { cause: error });
      }
    };
    this.verifyOptions = {
      issuer: expected.issuer,
      audience: expected.audience,
      algorithms: signingAlgorithms,
      requiredClaims: ['sub', 'exp'],
      clockTolerance: clockToleranceSeconds,
    };
  }

  static of(provider: IdentityProvider, warn?: (problem: string) => void): IdentityTokens {
    const keys = new ProviderKeys(provider.jwksUrl, { ...(warn && { onFetchFailed: warn }) });
    return new IdentityTokens(keys.keyFor, provider, warn);
  }

  async verify(token: string): Promise<TokenVerified> {
    let payload: JWTPayload;
    try {
      payload = await this.payloadOf(token);
    } catch (error) {
      if (!(error instanceof TokenNotCheckable)) {
        return { ok: false, reason: `the bearer token is refused: ${(error as Error).message}` };
      }
      const retry = error.cause instanceof ProviderKeysUnavailable;
      if (!retry) this.warnOnce(`the identity provider's keys cannot be used to check tokens: ${error.message}`);
      return {
        ok: false,
        reason: retry
          ? "the identity provider's keys could not be fetched; try again later"
          : "the identity provider's keys cannot be used to check tokens",
        unavailable: { retry, cause: error.message },
      };
    }
    return principalOf(payload);
  }

  /**
   * A token without a key id, where the set has several keys for its algorithm (during a rotation),
   * is checked against each: jose leaves that to its caller. A key that cannot be used for it (too
   * short, not importable) does not refuse the token; if no key could check it, nothing did.
   */
  private async payloadOf(token: string): Promise<JWTPayload> {
    try {
      return (await jwtVerify(token, this.keySet, this.verifyOptions)).payload;
    } catch (error) {
      if (!(error instanceof errors.JWKSMultipleMatchingKeys)) throw error;
      let checked = false;
      let unusable: Error | undefined;
      // jose's iterator leaves out the keys it could not import.
      for await (const key of error as errors.JWKSMultipleMatchingKeys & AsyncIterable<CryptoKey>) {
        try {
          return (await jwtVerify(token, key, this.verifyOptions)).payload;
        } catch (refused) {
          if (refused instanceof errors.JWSSignatureVerificationFailed) checked = true;
          else if (refused instanceof errors.JOSEError && !(refused instanceof errors.JOSENotSupported)) throw refused;
          else unusable = refused as Error;
        }
      }
      if (checked && unusable === undefined) throw new errors.JWSSignatureVerificationFailed();
      throw new TokenNotCheckable(unusable?.message ?? 'no key of its algorithm in the set could be imported');
    }
  }

  /** A key set that cannot be used fails every token alike: said to the operator once in a while, not for each. */
  private warnOnce(problem: string): void {
    const now = Date.now();
    const said = this.warned.get(problem);
    if (said !== undefined && now - said < warningIntervalMs) return;
    if (this.warned.size >= 100) this.warned.clear();
    this.warned.set(problem, now);
    this.warn?.(problem);
  }
}

function principalOf(payload: JWTPayload): TokenVerified {
  const { sub, exp, role, insurers, medicalInstitutions } = payload;
  if (typeof sub !== 'string' || !loggableSubject.test(sub)) {
    return {
      ok: false,
      reason: 'the bearer token is refused: claim "sub": must be 1-128 printable ASCII characters, no space',
    };
  }
  if (exp! - Date.now() / 1000 > longestTokenLifeSeconds) {
    return { ok: false, reason: 'the bearer token is refused: claim "exp": more than 24 hours ahead' };
  }
  // The subject is recorded in every event the token writes: a My Number there would stay in the log for good (§3.3).
  if (containsMyNumber(sub))
    return { ok: false, reason: 'the bearer token is refused: claim "sub": holds a My Number' };
  const problem = checkScope({ role, insurers, medicalInstitutions });
  if (problem) return { ok: false, reason: `the bearer token is refused: claim "${problem.field}": ${problem.reason}` };
  const scope = scopeOf(
    role as Role,
    insurers as readonly InsurerNumber[] | undefined,
    medicalInstitutions as readonly MedicalInstitutionCode[] | undefined,
  );
  // Taken until the same tolerance runs out as at its verification: a token taken is never found expired at once.
  const expiresAt = (exp! + clockToleranceSeconds) * 1000;
  return { ok: true, principal: { keyId: `jwt:${sub}`, ...scope, expiresAt } };
}
