import Database from 'better-sqlite3';
import { type InsurerNumber, type MedicalInstitutionCode } from '@ledger/domain';
import { hash, randomBytes } from 'node:crypto';
import { type ConfiguredKey } from './configured-keys';
import { type KeyScope, scopeOf } from './key-scope';
import { type Principal } from './principal';
import { type Role } from './role';

/** What the ledger knows about a key: never the key itself. */
export interface KeyRecord {
  readonly id: string;
  readonly role: Role;
  readonly insurers?: readonly InsurerNumber[];
  readonly medicalInstitutions?: readonly MedicalInstitutionCode[];
  readonly source: 'created' | 'configured';
  readonly createdAt: string;
  readonly revokedAt?: string;
}

/** A key just made: the only moment the key is known outside the caller's hands. */
export interface CreatedKey extends KeyRecord {
  readonly key: string;
}

/** What a start's LEDGER_API_KEYS changed: keys listed again, and keys no longer listed, now revoked. */
export interface ConfiguredKeysSynced {
  readonly reinstated: number;
  readonly unlisted: number;
}

/**
 * A key an admin created, listed in LEDGER_API_KEYS too: the listing would change its role and scope
 * unseen, and leaving the list would not revoke it, as it does a configured key. Names the entry
 * and the key's id, never the key.
 */
export class CreatedKeyListed extends Error {
  constructor(
    readonly entry: number,
    readonly keyId: string,
  ) {
    super(`entry ${entry} is the key ${keyId}, which an admin created: a key is created or listed, not both`);
  }
}

interface KeyRow {
  readonly id: string;
  readonly role: Role;
  readonly insurers: string | null;
  readonly medical_institutions: string | null;
  readonly source: 'created' | 'configured';
  readonly created_at: string;
  readonly revoked_at: string | null;
}

// 256 random bits: a plain SHA-256 suffices, since a key this long cannot be guessed from its hash.
const hashOf = (key: string): string => hash('sha256', key, 'hex');
const newKey = (): string => `lk_${randomBytes(32).toString('base64url')}`;

/** A key's id: `key-` for a key made by the ledger, `cfg-` for one listed in LEDGER_API_KEYS. */
export const isKeyId = (text: string): boolean => /^(key|cfg)-[0-9a-f]{12}$/.test(text);

const toRecord = (row: KeyRow): KeyRecord => ({
  id: row.id,
  role: row.role,
  ...(row.insurers !== null && { insurers: JSON.parse(row.insurers) as InsurerNumber[] }),
  ...(row.medical_institutions !== null && {
    medicalInstitutions: JSON.parse(row.medical_institutions) as MedicalInstitutionCode[],
  }),
  source: row.source,
  createdAt: row.created_at,
  ...(row.revoked_at !== null && { revokedAt: row.revoked_at }),
});

/** The insurers and the institutions as their columns hold them: a JSON array, or NULL for none given. */
const storedScope = ({ insurers, medicalInstitutions }: KeyScope): [string | null, string | null] => [
  insurers ? JSON.stringify(insurers) : null,
  medicalInstitutions ? JSON.stringify(medicalInstitutions) : null,
];

/** Principals kept in memory at most: past it the memory starts again empty. */
const rememberedPrincipals = 1000;

/**
 * API keys in `access.db`, stored only as SHA-256 hashes. Principals found are kept in memory while
 * the file is unchanged: SQLite's `data_version` tells when another connection (the CLI) wrote to it,
 * so a key the CLI revokes stops working in a running service from the next turn of its event loop.
 */
export class KeyStore {
  private readonly db: Database.Database;
  private readonly statements;
  private readonly principals = new Map<string, Principal>();
  private principalsDataVersion = -1;
  private dataVersionAsked = false;

  constructor(
    path: string,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.db = new Database(path);
    // Another database given for access.db is left as it was: neither its journal mode nor a table changed.
    const tables = this.db.prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    if (tables.length > 0 && !tables.includes('api_keys')) {
      this.db.close();
      throw new Error(`${path} is not a key store: it holds other tables (${tables.join(', ')}) and no api_keys`);
    }
    this.db.pragma('journal_mode = WAL');
    // A created or revoked key is answered only once on disk: a revocation lost to a power cut would let the key in again.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(`CREATE TABLE IF NOT EXISTS api_keys (
      hash TEXT PRIMARY KEY, id TEXT NOT NULL UNIQUE, role TEXT NOT NULL, insurers TEXT,
      source TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT, revoked_by TEXT, medical_institutions TEXT) WITHOUT ROWID`);
    // Files from before revoked_by: their revocations count as an admin's, which nothing reinstates.
    const columns = this.db.prepare<[], string>("SELECT name FROM pragma_table_info('api_keys')").pluck().all();
    if (!columns.includes('revoked_by')) this.db.exec('ALTER TABLE api_keys ADD COLUMN revoked_by TEXT');
    // Files from before medical_institutions: their medical-institution keys check as any institution, as before.
    if (!columns.includes('medical_institutions'))
      this.db.exec('ALTER TABLE api_keys ADD COLUMN medical_institutions TEXT');
    this.statements = {
      insert: this.db.prepare(
        `INSERT INTO api_keys (hash, id, role, insurers, medical_institutions, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT DO NOTHING`,
      ),
      byHash: this.db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE hash = ? AND revoked_at IS NULL'),
      byId: this.db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE id = ?'),
      byAnyHash: this.db.prepare<[string], KeyRow>('SELECT * FROM api_keys WHERE hash = ?'),
      all: this.db.prepare<[], KeyRow>('SELECT * FROM api_keys ORDER BY created_at, id'),
      anyUsable: this.db.prepare<[], number>('SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL)').pluck(),
      revoke: this.db.prepare(
        "UPDATE api_keys SET revoked_at = ?, revoked_by = 'admin' WHERE id = ? AND (revoked_at IS NULL OR revoked_by = 'configuration')",
      ),
      upsertConfigured: this.db.prepare(
        `INSERT INTO api_keys (hash, id, role, insurers, medical_institutions, source, created_at)
         VALUES (?, ?, ?, ?, ?, 'configured', ?)
         ON CONFLICT (hash) DO UPDATE SET role = excluded.role, insurers = excluded.insurers,
           medical_institutions = excluded.medical_institutions`,
      ),
      reinstate: this.db.prepare(
        "UPDATE api_keys SET revoked_at = NULL, revoked_by = NULL WHERE hash = ? AND revoked_by = 'configuration'",
      ),
      liveConfigured: this.db.prepare<[], { hash: string }>(
        "SELECT hash FROM api_keys WHERE source = 'configured' AND revoked_at IS NULL",
      ),
      unlist: this.db.prepare("UPDATE api_keys SET revoked_at = ?, revoked_by = 'configuration' WHERE hash = ?"),
      dataVersion: this.db.prepare<[], number>('PRAGMA data_version').pluck(),
    };
  }

  create(scope: KeyScope): CreatedKey {
    const key = newKey();
    const id = `key-${randomBytes(6).toString('hex')}`;
    const record = this.insert(key, id, scope, 'created');
    return { ...record, key };
  }

  /**
   * Keys from LEDGER_API_KEYS, each under the id it got when first listed, the same on every start.
   * The variable is the truth for its keys: a changed role or scope applies, a key no longer listed
   * is revoked, and one listed again works again. A key revoked by an admin stays revoked. A key an
   * admin created is refused (CreatedKeyListed), and nothing is synced.
   */
  addConfigured(keys: readonly ConfiguredKey[]): ConfiguredKeysSynced {
    const hashed = keys.map(({ key, ...scope }) => ({ hash: hashOf(key), scope }));
    const listed = new Set(hashed.map(({ hash }) => hash));
    const now = this.clock().toISOString();
    const synced = this.db.transaction(() => {
      let reinstated = 0;
      let unlisted = 0;
      for (const [entry, { hash, scope }] of hashed.entries()) {
        const held = this.statements.byAnyHash.get(hash);
        if (held?.source === 'created') throw new CreatedKeyListed(entry, held.id);
        // Random, kept with the row: an id made from the hash would put part of it in every audit trail,
        // and a key a person chose can be guessed against it offline.
        const id = `cfg-${randomBytes(6).toString('hex')}`;
        this.statements.upsertConfigured.run(hash, id, scope.role, ...storedScope(scope), now);
        reinstated += this.statements.reinstate.run(hash).changes;
      }
      for (const { hash } of this.statements.liveConfigured.all()) {
        if (!listed.has(hash)) unlisted += this.statements.unlist.run(now, hash).changes;
      }
      return { reinstated, unlisted };
    })();
    this.principals.clear();
    return synced;
  }

  /** Whether any key is not revoked: without one, nobody can use the ledger. */
  hasUsableKey(): boolean {
    return this.statements.anyUsable.get() === 1;
  }

  /** The principal a presented key stands for, or undefined for an unknown or revoked key. */
  authenticate(key: string): Principal | undefined {
    this.forgetPrincipalsIfChanged();
    const hash = hashOf(key);
    const remembered = this.principals.get(hash);
    if (remembered) return remembered;
    const row = this.statements.byHash.get(hash);
    if (!row) return undefined;
    const { id, role, insurers, medicalInstitutions } = toRecord(row);
    const principal = { keyId: id, ...scopeOf(role, insurers, medicalInstitutions) };
    this.principals.set(hash, principal);
    return principal;
  }

  /**
   * Asks SQLite whether another connection wrote (`data_version`) once per turn of the event loop:
   * the question takes a read lock on the file, which cost a check a tenth of its time when asked on
   * every request. Requests read in one turn share the answer, so a revocation committed by the CLI
   * holds from the next turn on.
   */
  private forgetPrincipalsIfChanged(): void {
    if (!this.dataVersionAsked) {
      this.dataVersionAsked = true;
      setImmediate(() => (this.dataVersionAsked = false));
      const dataVersion = this.statements.dataVersion.get()!;
      if (dataVersion !== this.principalsDataVersion) {
        this.principals.clear();
        this.principalsDataVersion = dataVersion;
      }
    }
    if (this.principals.size >= rememberedPrincipals) this.principals.clear();
  }

  list(): KeyRecord[] {
    return this.statements.all.all().map(toRecord);
  }

  find(id: string): KeyRecord | undefined {
    const row = this.statements.byId.get(id);
    return row && toRecord(row);
  }

  /** The key's record by the key itself, revoked or not: how an operator holding only a leaked key finds it. */
  findByKey(key: string): KeyRecord | undefined {
    const row = this.statements.byAnyHash.get(hashOf(key));
    return row && toRecord(row);
  }

  /**
   * Whether the key with this id may still be used: asked again by what a key holds open (a feed),
   * so that a revocation, by the API or by the CLI in another process, ends it too.
   */
  isUsable(id: string): boolean {
    const record = this.find(id);
    return record !== undefined && record.revokedAt === undefined;
  }

  /**
   * Revokes the key with this id, or this key itself when only a leaked key is at hand; undefined
   * when it is neither. What is given is never repeated by the callers: it may be a key.
   */
  revokeGiven(given: string): KeyRecord | undefined {
    const record = this.find(given) ?? this.findByKey(given);
    return record && this.revoke(record.id);
  }

  /** Revoking twice is harmless; undefined when no key has that id. */
  revoke(id: string): KeyRecord | undefined {
    this.statements.revoke.run(this.clock().toISOString(), id);
    this.principals.clear();
    return this.find(id);
  }

  close(): void {
    this.db.close();
  }

  private insert(key: string, id: string, scope: KeyScope, source: KeyRecord['source']): KeyRecord {
    const createdAt = this.clock().toISOString();
    this.statements.insert.run(hashOf(key), id, scope.role, ...storedScope(scope), source, createdAt);
    return this.find(id)!;
  }
}
