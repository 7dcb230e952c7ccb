// Starting the built service takes seconds on a busy machine.
jest.setTimeout(60_000);

import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { eventually, freePort, type RunningApi, runApiExpectingExit, startApi } from './support/ledger-processes';
import { call, testInsurer, testKeys, testKeysVariable } from './support/keys';
import { command, enrolmentBody, freshKey, headPosition, personPath, type Problem } from './support/commands';
import { readFeed } from './support/sse';
import { logLines } from './support/log-lines';

type SigningKey = Parameters<SignJWT['sign']>[0];

const issuer = 'https://idp.example.jp/realms/insurer';
const audience = 'qualification-ledger';

/** The identity provider's JWKS endpoint, on loopback as a sidecar's would be. */
async function serveKeySet(keys: readonly unknown[]): Promise<{ url: string; server: Server }> {
  const server = createServer((_, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`, server };
}

describe('access: bearer JWTs of an identity provider, beside API keys', () => {
  let api: RunningApi;
  let keySet: { url: string; server: Server };
  let signingKey: SigningKey;
  let strangerKey: SigningKey;

  const token = (claims: JWTPayload, options: { subject?: string; expiresAt?: number; key?: SigningKey } = {}) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'ledger-1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(options.subject ?? 'clerk-0042')
      .setIssuedAt()
      .setExpirationTime(options.expiresAt ?? '5m')
      .sign(options.key ?? signingKey);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    signingKey = pair.privateKey;
    strangerKey = (await generateKeyPair('ES256')).privateKey;
    keySet = await serveKeySet([{ ...(await exportJWK(pair.publicKey)), kid: 'ledger-1', alg: 'ES256', use: 'sig' }]);
    api = await startApi({
      LEDGER_API_KEYS: testKeysVariable,
      LEDGER_JWKS_URL: keySet.url,
      LEDGER_JWT_ISSUER: issuer,
      LEDGER_JWT_AUDIENCE: audience,
    });
  });

  afterAll(async () => {
    await api.stop();
    keySet.server.close();
  });

  it("grants a token's role and insurers, and records its subject as the actor of what it did (R40)", async () => {
    const clerk = await token({ role: 'insurer-clerk', insurers: [testInsurer] }, { subject: 'clerk-0042' });
    const person = personPath(freshKey());
    const enrolled = await command(api, 'POST', `${person}/enrolment`, enrolmentBody, { key: clerk });
    expect(enrolled.status).toBe(201);
    const { position } = (await enrolled.json()) as { position: number };
    const auditor = await token({ role: 'auditor' }, { subject: 'auditor-7' });
    const trail = await call(api, 'GET', `${person}/audit`, {
      key: auditor,
      headers: { 'ledger-min-position': String(position) },
    });
    expect(trail.status).toBe(200);
    const { entries } = (await trail.json()) as { entries: { type: string; actor?: Record<string, unknown> }[] };
    expect(entries.find((entry) => entry.type === 'QualificationAcquired')?.actor).toMatchObject({
      keyId: 'jwt:clerk-0042',
      role: 'insurer-clerk',
    });
    // Its request line is written once the answer has gone.
    await eventually('the request line naming the token', () =>
      logLines(api).some((line) => line.keyId === 'jwt:auditor-7' && line.req?.url?.endsWith('/audit') === true),
    );
    // API keys keep working beside the tokens.
    expect((await call(api, 'GET', person, { key: testKeys.auditor })).status).toBe(200);
  });

  it("answers 403 for a route outside the token's role or insurers, and writes nothing", async () => {
    const before = await headPosition(api);
    const otherClerk = await token({ role: 'insurer-clerk', insurers: ['33120015'] });
    const refused = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, {
      key: otherClerk,
    });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Problem).detail).toBe(`this key does not act for insurer ${testInsurer}`);
    const auditor = await token({ role: 'auditor' });
    const write = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, { key: auditor });
    expect(write.status).toBe(403);
    expect(await headPosition(api)).toBe(before);
  });

  it('answers 401 problem+json naming why to an expired token, a stranger-signed one and one without a valid role', async () => {
    const before = await headPosition(api);
    const clerkClaims = { role: 'insurer-clerk', insurers: [testInsurer] };
    const cases: readonly [string, string][] = [
      [
        await token(clerkClaims, { expiresAt: Math.floor(Date.now() / 1000) - 120 }),
        '"exp" claim timestamp check failed',
      ],
      [await token(clerkClaims, { key: strangerKey }), 'signature verification failed'],
      [await token({ role: 'root' }), 'claim "role": must be one of'],
      [await token({ role: 'insurer-clerk' }), 'claim "insurers": an insurer-clerk key needs at least one'],
    ];
    for (const [bearer, why] of cases) {
      const answer = await command(api, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, { key: bearer });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(((await answer.json()) as Problem).detail).toContain(why);
    }
    expect(await headPosition(api)).toBe(before);
  });

  it('ends a feed opened with a token when the token expires, with the clock skew its verification allows', async () => {
    // Expired 27 s ago by the provider's clock: still taken, for 3 s more.
    const expiresAt = Math.floor(Date.now() / 1000) - 27;
    const subscriber = await token({ role: 'subscriber' }, { expiresAt });
    const opened = Date.now();
    const feed = await readFeed(api, '/v1/feeds/qualification', subscriber, () => false, {}, 15_000);
    expect(feed.status).toBe(200);
    expect(feed.ended).toBe(true);
    expect(Date.now()).toBeGreaterThanOrEqual((expiresAt + 30) * 1000);
    // Ended by its own timer, not left to the next heartbeat (15 s) or change.
    expect(Date.now() - opened).toBeLessThan(6_000);
  });

  it('answers 503 with Retry-After when the provider keys cannot be fetched, and writes nothing', async () => {
    const nowhere = await startApi({
      LEDGER_JWKS_URL: `http://127.0.0.1:${await freePort()}/certs`,
      LEDGER_JWT_ISSUER: issuer,
      LEDGER_JWT_AUDIENCE: audience,
    });
    try {
      const before = await headPosition(nowhere);
      const clerk = await token({ role: 'insurer-clerk', insurers: [testInsurer] });
      const answer = await command(nowhere, 'POST', `${personPath(freshKey())}/enrolment`, enrolmentBody, {
        key: clerk,
      });
      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(((await answer.json()) as Problem).detail).toBe(
        "the identity provider's keys could not be fetched; try again later",
      );
      expect(await headPosition(nowhere)).toBe(before);
      // The operator hears why, once; the client only that it may ask again.
      const said = logLines(nowhere).filter((line) => line.msg?.startsWith("the identity provider's keys could not"));
      expect(said.map((line) => line.msg)).toEqual([
        expect.stringMatching(
          /^the identity provider's keys could not be fetched \(fetching http:\/\/127\.0\.0\.1:\d+\/certs: fetch failed\); tokens are answered 503 meanwhile$/,
        ) as unknown,
      ]);
    } finally {
      await nowhere.stop();
    }
  });

  it('refuses to start with a key set but no issuer or audience to check its tokens against', async () => {
    const refused = await runApiExpectingExit({ LEDGER_JWKS_URL: keySet.url });
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('LEDGER_JWT_ISSUER must be set with LEDGER_JWKS_URL');
    expect(refused.stdout + refused.stderr).toContain('LEDGER_JWT_AUDIENCE must be set with LEDGER_JWKS_URL');
  });
});
