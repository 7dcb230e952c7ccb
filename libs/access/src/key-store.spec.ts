import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { type InsurerNumber, type MedicalInstitutionCode } from '@ledger/domain';
import { CreatedKeyListed, KeyStore } from './key-store';

const insurer = '138057' as InsurerNumber;
const institution = '0110113719' as MedicalInstitutionCode;

describe('KeyStore', () => {
  let path: string;
  let store: KeyStore;

  beforeEach(() => {
    path = join(mkdtempSync(join(tmpdir(), 'ledger-keys-')), 'access.db');
    store = new KeyStore(path);
  });

  afterEach(() => store.close());

  it('authenticates a created key as its role and insurers, and answers the key only at creation', () => {
    const created = store.create({ role: 'insurer-clerk', insurers: [insurer] });
    expect(created.key).toMatch(/^lk_[A-Za-z0-9_-]{43}$/);
    expect(store.authenticate(created.key)).toEqual({ keyId: created.id, role: 'insurer-clerk', insurers: [insurer] });
    expect(store.list()).toEqual([
      { id: created.id, role: 'insurer-clerk', insurers: [insurer], source: 'created', createdAt: created.createdAt },
    ]);
    expect(JSON.stringify(store.list())).not.toContain(created.key);
  });

  it('authenticates a medical-institution key as the institutions it names, created or configured', () => {
    const created = store.create({ role: 'medical-institution', medicalInstitutions: [institution] });
    expect(store.authenticate(created.key)).toEqual({
      keyId: created.id,
      role: 'medical-institution',
      medicalInstitutions: [institution],
    });
    expect(store.find(created.id)).toMatchObject({ medicalInstitutions: [institution] });
    store.addConfigured([{ key: 'configured-clinic-0123456789', role: 'medical-institution' }]);
    expect(store.authenticate('configured-clinic-0123456789')).not.toHaveProperty('medicalInstitutions');
    store.addConfigured([
      { key: 'configured-clinic-0123456789', role: 'medical-institution', medicalInstitutions: [institution] },
    ]);
    expect(store.authenticate('configured-clinic-0123456789')).toMatchObject({ medicalInstitutions: [institution] });
  });

  it('commits a created or revoked key to disk before answering (synchronous=FULL, not the WAL default)', () => {
    // The connection's setting is what can be observed short of cutting the power.
    const { db } = store as unknown as { db: Database.Database };
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
  });

  it('refuses another database given as the key store, naming it, and leaves it as it was', () => {
    const other = join(mkdtempSync(join(tmpdir(), 'ledger-keys-')), 'events.db');
    const foreign = new Database(other);
    foreign.exec('CREATE TABLE events (position INTEGER PRIMARY KEY)');
    foreign.close();
    expect(() => new KeyStore(other)).toThrow(
      `${other} is not a key store: it holds other tables (events) and no api_keys`,
    );
    const after = new Database(other, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all()).toEqual(['events']);
    expect(after.pragma('journal_mode', { simple: true })).toBe('delete');
    after.close();
  });

  it('keeps only the hash of a key on disk', () => {
    const created = store.create({ role: 'admin' });
    store.close();
    const db = new Database(path, { readonly: true });
    const rows = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
    db.close();
    store = new KeyStore(path);
    expect(rows).not.toContain(created.key);
    expect(rows).not.toContain(created.key.slice(3));
  });

  it('refuses an unknown key and a revoked one', () => {
    const created = store.create({ role: 'auditor' });
    expect(store.authenticate('lk_not-a-key-of-this-ledger')).toBeUndefined();
    expect(store.authenticate(created.key)?.role).toBe('auditor');
    expect(store.revoke(created.id)?.revokedAt).toEqual(expect.any(String));
    expect(store.authenticate(created.key)).toBeUndefined();
    expect(store.revoke('key-missing')).toBeUndefined();
  });

  it('sees a revocation made through another connection, as the CLI would, from the next turn on', async () => {
    const created = store.create({ role: 'subscriber' });
    expect(store.authenticate(created.key)?.role).toBe('subscriber');
    const cli = new KeyStore(path);
    cli.revoke(created.id);
    cli.close();
    await nextTurn();
    expect(store.authenticate(created.key)).toBeUndefined();
  });

  it('answers whether a key is still usable from the file, so a revocation through another connection counts at once', () => {
    const created = store.create({ role: 'subscriber' });
    expect(store.isUsable(created.id)).toBe(true);
    const cli = new KeyStore(path);
    cli.revoke(created.id);
    cli.close();
    expect(store.isUsable(created.id)).toBe(false);
    expect(store.isUsable('key-missing')).toBe(false);
  });

  it('sees a key created through another connection from the next turn on, though it was unknown before', async () => {
    expect(store.authenticate('lk_made-by-the-cli')).toBeUndefined();
    const cli = new KeyStore(path);
    const created = cli.create({ role: 'auditor' });
    cli.close();
    await nextTurn();
    expect(store.authenticate(created.key)?.role).toBe('auditor');
  });

  it('keeps configured keys under a stable id, and a revoked one stays revoked on the next start', () => {
    const configured = [{ key: 'configured-key-0123456789', role: 'medical-institution' as const }];
    expect(store.hasUsableKey()).toBe(false);
    store.addConfigured(configured);
    const principal = store.authenticate('configured-key-0123456789');
    expect(principal).toMatchObject({ role: 'medical-institution', keyId: expect.stringMatching(/^cfg-/) as string });
    // Not made from the key's hash, which every audit trail would then show part of.
    const keyHash = createHash('sha256').update('configured-key-0123456789').digest('hex');
    expect(principal!.keyId).not.toBe(`cfg-${keyHash.slice(0, 12)}`);
    store.addConfigured(configured);
    expect(store.authenticate('configured-key-0123456789')?.keyId).toBe(principal!.keyId);
    store.revoke(principal!.keyId);
    store.close();
    store = new KeyStore(path);
    store.addConfigured(configured);
    expect(store.authenticate('configured-key-0123456789')).toBeUndefined();
    expect(store.list()).toHaveLength(1);
  });

  it('follows LEDGER_API_KEYS on each start: a changed scope applies, a key no longer listed stops working', () => {
    store.addConfigured([
      { key: 'configured-key-0123456789', role: 'auditor' },
      { key: 'dropped-key-0123456789', role: 'subscriber' },
    ]);
    store.addConfigured([{ key: 'configured-key-0123456789', role: 'insurer-clerk', insurers: [insurer] }]);
    expect(store.authenticate('configured-key-0123456789')).toMatchObject({
      role: 'insurer-clerk',
      insurers: [insurer],
    });
    expect(store.authenticate('dropped-key-0123456789')).toBeUndefined();
  });

  it('lets a key no longer listed work again once listed again, and says what each start changed', () => {
    const listed = [{ key: 'configured-key-0123456789', role: 'auditor' as const }];
    expect(store.addConfigured(listed)).toEqual({ reinstated: 0, unlisted: 0 });
    expect(store.addConfigured([])).toEqual({ reinstated: 0, unlisted: 1 });
    expect(store.authenticate('configured-key-0123456789')).toBeUndefined();
    expect(store.addConfigured(listed)).toEqual({ reinstated: 1, unlisted: 0 });
    expect(store.authenticate('configured-key-0123456789')).toMatchObject({ role: 'auditor' });
    expect(store.list()).toEqual([expect.not.objectContaining({ revokedAt: expect.anything() as unknown })]);
  });

  it('never lets a listing bring back a key an admin revoked, even one already unlisted', () => {
    const listed = [{ key: 'configured-key-0123456789', role: 'auditor' as const }];
    store.addConfigured(listed);
    const { keyId } = store.authenticate('configured-key-0123456789')!;
    store.addConfigured([]);
    store.revoke(keyId);
    expect(store.addConfigured(listed)).toEqual({ reinstated: 0, unlisted: 0 });
    expect(store.authenticate('configured-key-0123456789')).toBeUndefined();
  });

  it('refuses a listing that holds a key an admin created, naming its entry and id, and syncs nothing', () => {
    const created = store.create({ role: 'subscriber' });
    store.addConfigured([{ key: 'listed-before-0123456789', role: 'auditor' }]);
    let refusal: unknown;
    try {
      store.addConfigured([
        { key: 'configured-key-0123456789', role: 'auditor' },
        { key: created.key, role: 'admin' },
      ]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(CreatedKeyListed);
    expect((refusal as Error).message).toBe(
      `entry 1 is the key ${created.id}, which an admin created: a key is created or listed, not both`,
    );
    expect(store.authenticate(created.key)).toEqual({ keyId: created.id, role: 'subscriber' });
    expect(store.authenticate('configured-key-0123456789')).toBeUndefined();
    expect(store.authenticate('listed-before-0123456789')).toMatchObject({ role: 'auditor' });
  });

  it('takes a revocation in a file from before revoked_by for an admin’s: it stays', () => {
    store.close();
    const older = new Database(path);
    older.exec(`DROP TABLE api_keys; CREATE TABLE api_keys (hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE,
      role TEXT NOT NULL, insurers TEXT, source TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT) WITHOUT ROWID`);
    older.close();
    store = new KeyStore(path);
    const listed = [{ key: 'configured-key-0123456789', role: 'auditor' as const }];
    store.addConfigured(listed);
    store.close();
    const revokedBefore = new Database(path);
    revokedBefore.exec("UPDATE api_keys SET revoked_at = '2026-01-01T00:00:00.000Z', revoked_by = NULL");
    revokedBefore.close();
    store = new KeyStore(path);
    expect(store.addConfigured(listed)).toEqual({ reinstated: 0, unlisted: 0 });
    expect(store.authenticate('configured-key-0123456789')).toBeUndefined();
  });

  it('opens a file from before medical_institutions: its clinic keys check as any institution, new ones are bound', () => {
    store.close();
    const older = new Database(path);
    older.exec(`DROP TABLE api_keys; CREATE TABLE api_keys (hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE,
      role TEXT NOT NULL, insurers TEXT, source TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT,
      revoked_by TEXT) WITHOUT ROWID`);
    const hashOfKey = createHash('sha256').update('older-clinic-key-0123456789').digest('hex');
    older
      .prepare(
        "INSERT INTO api_keys VALUES (?, 'key-0123456789ab', 'medical-institution', NULL, 'created', ?, NULL, NULL)",
      )
      .run(hashOfKey, '2026-01-01T00:00:00.000Z');
    older.close();
    store = new KeyStore(path);
    expect(store.authenticate('older-clinic-key-0123456789')).toEqual({
      keyId: 'key-0123456789ab',
      role: 'medical-institution',
    });
    const bound = store.create({ role: 'medical-institution', medicalInstitutions: [institution] });
    expect(store.authenticate(bound.key)).toMatchObject({ medicalInstitutions: [institution] });
  });

  it('counts only unrevoked keys as usable, so every configured key gone leaves none', () => {
    store.addConfigured([{ key: 'configured-key-0123456789', role: 'admin' }]);
    expect(store.hasUsableKey()).toBe(true);
    store.addConfigured([]);
    expect(store.authenticate('configured-key-0123456789')).toBeUndefined();
    expect(store.list()).toEqual([
      expect.objectContaining({ source: 'configured', revokedAt: expect.any(String) as string }),
    ]);
    expect(store.hasUsableKey()).toBe(false);
  });
});
