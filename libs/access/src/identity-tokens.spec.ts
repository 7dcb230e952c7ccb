import { generateKeyPairSync } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { IdentityTokens } from './identity-tokens';
import { ProviderKeysUnavailable } from './provider-keys';

type SigningKey = Parameters<SignJWT['sign']>[0];

const expected = { issuer: 'https://idp.example.jp/realms/insurer', audience: 'qualification-ledger' };

/** What a test token says besides its claims: each registered claim as given, or left out when null. */
interface Minted {
  readonly key?: SigningKey;
  readonly alg?: string;
  readonly iss?: string;
  readonly aud?: string;
  readonly sub?: string | null;
  readonly exp?: string | number | null;
}

describe('IdentityTokens: bearer JWTs of an identity provider', () => {
  let privateKey: SigningKey;
  let otherKey: SigningKey;
  let tokens: IdentityTokens;

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    otherKey = (await generateKeyPair('ES256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    tokens = new IdentityTokens(createLocalJWKSet({ keys: [jwk] }), expected);
  });

  const sign = (claims: JWTPayload, minted: Minted = {}) => {
    const token = new SignJWT(claims)
      .setProtectedHeader({ alg: minted.alg ?? 'ES256', kid: 'k1' })
      .setIssuer(minted.iss ?? expected.issuer)
      .setAudience(minted.aud ?? expected.audience)
      .setIssuedAt();
    const sub = minted.sub === undefined ? 'clerk-0042' : minted.sub;
    const exp = minted.exp === undefined ? '5m' : minted.exp;
    if (sub !== null) token.setSubject(sub);
    if (exp !== null) token.setExpirationTime(exp);
    return token.sign(minted.key ?? privateKey);
  };
  const verifySigned = async (claims: JWTPayload, minted: Minted = {}) => tokens.verify(await sign(claims, minted));

  it('grants the scope its claims name, as the actor jwt:<sub>, until it expires', async () => {
    const verified = await verifySigned({ role: 'insurer-clerk', insurers: ['06050116'] });
    expect(verified).toEqual({
      ok: true,
      principal: {
        keyId: 'jwt:clerk-0042',
        role: 'insurer-clerk',
        insurers: ['06050116'],
        expiresAt: expect.any(Number) as unknown,
      },
    });
    const expiresAt = verified.ok ? verified.principal.expiresAt! : 0;
    // With the 30 s its verification allows for the provider's clock.
    expect(Math.abs(expiresAt - (Date.now() + 5 * 60_000 + 30_000))).toBeLessThan(5_000);
    expect(await verifySigned({ role: 'medical-institution', medicalInstitutions: ['0110113719'] })).toMatchObject({
      ok: true,
      principal: { role: 'medical-institution', medicalInstitutions: ['0110113719'] },
    });
  });

  it('refuses a token signed by another key, one expired, and one for another audience or issuer, saying why', async () => {
    const claims = { role: 'auditor' };
    expect(await verifySigned(claims, { key: otherKey })).toEqual({
      ok: false,
      reason: 'the bearer token is refused: signature verification failed',
    });
    expect(await verifySigned(claims, { exp: Math.floor(Date.now() / 1000) - 60 })).toEqual({
      ok: false,
      reason: expect.stringMatching(/^the bearer token is refused: "exp" claim timestamp check failed/) as unknown,
    });
    expect(await verifySigned(claims, { aud: 'another-service' })).toEqual({
      ok: false,
      reason: expect.stringContaining('"aud"') as unknown,
    });
    expect(await verifySigned(claims, { iss: 'https://idp.example.jp/realms/other' })).toEqual({
      ok: false,
      reason: expect.stringContaining('"iss"') as unknown,
    });
  });

  it('refuses a token without an expiry or a subject, and one signed with a shared secret', async () => {
    const claims = { role: 'auditor' };
    expect(await verifySigned(claims, { exp: null })).toEqual({
      ok: false,
      reason: expect.stringContaining('"exp"') as unknown,
    });
    expect(await verifySigned(claims, { sub: null })).toEqual({
      ok: false,
      reason: expect.stringContaining('"sub"') as unknown,
    });
    const secret = new TextEncoder().encode('a secret anybody holding it could mint tokens with');
    expect(await verifySigned({ role: 'admin' }, { alg: 'HS256', key: secret })).toEqual({
      ok: false,
      reason: expect.stringContaining('"alg"') as unknown,
    });
  });

  it('refuses claims that grant no valid scope, by the rules of a key scope, naming the claim', async () => {
    const refusals = await Promise.all(
      [
        { role: 'superuser' },
        { role: 'insurer-clerk' },
        { role: 'insurer-clerk', insurers: ['06050117'] },
        { role: 'auditor', insurers: ['06050116'] },
        { role: 'subscriber', medicalInstitutions: ['0110113719'] },
      ].map((claims) => verifySigned(claims)),
    );
    expect(refusals.map((refusal) => (refusal.ok ? 'granted' : refusal.reason.split(':')[1]))).toEqual([
      ' claim "role"',
      ' claim "insurers"',
      ' claim "insurers"',
      ' claim "insurers"',
      ' claim "medicalInstitutions"',
    ]);
  });

  it('refuses a subject that could not be logged as it is, or that holds a My Number', async () => {
    expect(await verifySigned({ role: 'auditor' }, { sub: 'an auditor' })).toEqual({
      ok: false,
      reason: 'the bearer token is refused: claim "sub": must be 1-128 printable ASCII characters, no space',
    });
    expect(await verifySigned({ role: 'auditor' }, { sub: 'staff-123456789018' })).toEqual({
      ok: false,
      reason: 'the bearer token is refused: claim "sub": holds a My Number',
    });
  });

  it('says the token could not be checked, not that it is bad, when the keys cannot be had or used', async () => {
    const cause = new ProviderKeysUnavailable('fetching https://idp.example.jp/certs: answered 502');
    const unreachable = new IdentityTokens(() => Promise.reject(cause), expected);
    expect(await unreachable.verify(await sign({ role: 'auditor' }))).toEqual({
      ok: false,
      reason: "the identity provider's keys could not be fetched; try again later",
      unavailable: { retry: true, cause: cause.message },
    });
    // A private key published by mistake: asking again will not mend it, and the operator hears of it once.
    const { privateKey: published } = await generateKeyPair('ES256', { extractable: true });
    const warnings: string[] = [];
    const misconfigured = new IdentityTokens(
      createLocalJWKSet({ keys: [{ ...(await exportJWK(published)), kid: 'k1', alg: 'ES256' }] }),
      expected,
      (problem) => warnings.push(problem),
    );
    for (let request = 0; request < 3; request += 1) {
      expect(await misconfigured.verify(await sign({ role: 'auditor' }))).toEqual({
        ok: false,
        reason: "the identity provider's keys cannot be used to check tokens",
        unavailable: { retry: false, cause: 'JSON Web Key Set members must be public keys' },
      });
    }
    expect(warnings).toEqual([
      "the identity provider's keys cannot be used to check tokens: JSON Web Key Set members must be public keys",
    ]);
  });

  it('checks a token without a key id against each key of its algorithm, as during a rotation', async () => {
    const rotated = await generateKeyPair('ES256');
    const rotating = new IdentityTokens(
      createLocalJWKSet({
        keys: [
          { ...(await exportJWK((await generateKeyPair('ES256')).publicKey)), alg: 'ES256' },
          { ...(await exportJWK(rotated.publicKey)), alg: 'ES256' },
        ],
      }),
      expected,
    );
    const withoutKeyId = (key: SigningKey, alg = 'ES256') =>
      new SignJWT({ role: 'auditor' })
        .setProtectedHeader({ alg })
        .setIssuer(expected.issuer)
        .setAudience(expected.audience)
        .setSubject('auditor-1')
        .setExpirationTime('5m')
        .sign(key);
    expect(await rotating.verify(await withoutKeyId(rotated.privateKey))).toMatchObject({ ok: true });
    expect(await rotating.verify(await withoutKeyId(otherKey))).toEqual({
      ok: false,
      reason: 'the bearer token is refused: signature verification failed',
    });
    // A key of the set that cannot check it does not refuse a token another key signed; if none could check it, nothing did.
    const strong = await generateKeyPair('RS256');
    // Too short for jose to make, and to check with: a provider's old key.
    const short = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ format: 'jwk' });
    const withShortKey = new IdentityTokens(
      createLocalJWKSet({ keys: [short, await exportJWK(strong.publicKey)] }),
      expected,
    );
    expect(await withShortKey.verify(await withoutKeyId(strong.privateKey, 'RS256'))).toMatchObject({ ok: true });
    const { privateKey: publishedA } = await generateKeyPair('ES256', { extractable: true });
    const { privateKey: publishedB } = await generateKeyPair('ES256', { extractable: true });
    const allPrivate = new IdentityTokens(
      createLocalJWKSet({ keys: [await exportJWK(publishedA), await exportJWK(publishedB)] }),
      expected,
    );
    expect(await allPrivate.verify(await withoutKeyId(rotated.privateKey))).toMatchObject({
      ok: false,
      reason: "the identity provider's keys cannot be used to check tokens",
    });
  });

  it('refuses a token that would work for more than a day: the ledger cannot revoke it', async () => {
    expect(await verifySigned({ role: 'auditor' }, { exp: '25h' })).toEqual({
      ok: false,
      reason: 'the bearer token is refused: claim "exp": more than 24 hours ahead',
    });
    expect(await verifySigned({ role: 'auditor' }, { exp: '23h' })).toMatchObject({ ok: true });
  });
});
