import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { containsMyNumber, type InsurerNumber, type MedicalInstitutionCode } from '@ledger/domain';
import { checkScope } from './configured-keys';
import { scopeOf } from './key-scope';
import { type Principal } from './principal';
import { type Role } from './role';

/** Where the identity provider publishes its keys, and what its tokens for the ledger must say (README, Configuration). */
export interface IdentityProvider {
  readonly jwksUrl: URL;
  readonly issuer: string;
  readonly audience: string;
}

export type TokenVerified =
  | { readonly ok: true; readonly principal: Principal }
  /** `unavailable`: the provider's keys could not be had, so the token is neither good nor bad yet. */
  | { readonly ok: false; readonly reason: string; readonly unavailable?: true };

/** Signatures a provider's public key makes: a shared secret (HS256) could be used by whoever holds it to mint tokens. */
const signingAlgorithms = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** A subject is logged and recorded as the actor (R40): printable ASCII without spaces, as a key id is, and no My Number. */
const loggableSubject = /^[\x21-\x7e]{1,128}$/;

/** Could not fetch or read the provider's key set: the provider's fault or the network's, not the caller's. */
class KeySetUnavailable extends Error {}

/** The key set's refusals of the token itself; anything else it throws means the set could not be had. */
const refusesToken = (error: unknown): boolean =>
  error instanceof errors.JWKSNoMatchingKey ||
  error instanceof errors.JWKSMultipleMatchingKeys ||
  error instanceof errors.JOSEAlgNotAllowed ||
  error instanceof errors.JOSENotSupported;

/**
 * Bearer JWTs that an identity provider signed, for deployments behind one (ARCHITECTURE.md,
 * Access): the token's signature is checked against the provider's JWKS, its issuer, audience and
 * expiry against the configuration, and its claims `role`, `insurers` and `medicalInstitutions`
 * grant what an API key's scope grants, checked by the same rules.
 */
export class IdentityTokens {
  private readonly keySet: JWTVerifyGetKey;

  constructor(
    keySet: JWTVerifyGetKey,
    private readonly expected: Pick<IdentityProvider, 'issuer' | 'audience'>,
  ) {
    this.keySet = async (header, token) => {
      try {
        return await keySet(header, token);
      } catch (error) {
        if (refusesToken(error)) throw error;
        throw new KeySetUnavailable((error as Error).message, { cause: error });
      }
    };
  }

  /** jose's remote key set caches the keys, and fetches them again for a key id it does not know (a rotation). */
  static of(provider: IdentityProvider): IdentityTokens {
    return new IdentityTokens(createRemoteJWKSet(provider.jwksUrl, { timeoutDuration: 5_000 }), provider);
  }

  async verify(token: string): Promise<TokenVerified> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySet, {
        issuer: this.expected.issuer,
        audience: this.expected.audience,
        algorithms: signingAlgorithms,
        requiredClaims: ['sub', 'exp'],
        clockTolerance: 30,
      }));
    } catch (error) {
      if (error instanceof KeySetUnavailable) {
        return {
          ok: false,
          reason: `the identity provider's keys could not be fetched: ${error.message}`,
          unavailable: true,
        };
      }
      return { ok: false, reason: `the bearer token is refused: ${(error as Error).message}` };
    }
    return principalOf(payload);
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
  return { ok: true, principal: { keyId: `jwt:${sub}`, ...scope, expiresAt: exp! * 1000 } };
}
