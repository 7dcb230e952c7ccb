import { credentialUsable, type Principal } from './principal';

describe('credentialUsable', () => {
  const key: Principal = { keyId: 'key-0123456789ab', role: 'subscriber' };
  const token: Principal = { keyId: 'jwt:reader-1', role: 'subscriber', expiresAt: 1_000_000 };

  it('keeps a key usable until the key store says it is revoked', () => {
    expect(credentialUsable(key, (id) => id === key.keyId)).toBe(true);
    expect(credentialUsable(key, () => false)).toBe(false);
  });

  it('keeps a token usable until it expires, whatever the key store knows', () => {
    expect(credentialUsable(token, () => false, 999_999)).toBe(true);
    expect(credentialUsable(token, () => true, 1_000_000)).toBe(false);
  });
});
