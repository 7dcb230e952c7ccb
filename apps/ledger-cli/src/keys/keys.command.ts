import {
  checkScope,
  isRole,
  type KeyRecord,
  KeyStore,
  type Role,
  roles,
  type ScopeProblem,
  scopeOf,
} from '@ledger/access/keys';
import { type InsurerNumber, type MedicalInstitutionCode } from '@ledger/domain';
import { InvalidArgumentError } from 'commander';
import { Command, Option, SubCommand } from 'nest-commander';
import { makeDirectories } from '@ledger/event-store';
import { existsSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { exitCodes, UsageError } from '../exit-codes';
import { LedgerCommandGroup } from '../ledger-command-group';
import { type DataDirectoryOption, LedgerDataCommand } from '../ledger-data-command';
import { assertLedgerExists } from '../ledger-location';

/**
 * The API's key store, LEDGER_DATA_DIR/access.db: a key revoked here stops working in a running API
 * at once. A data directory that is not there is a usage error, a path mistyped, unless creating.
 */
function keyStorePath(command: LedgerDataCommand, options: DataDirectoryOption, create: boolean): string | undefined {
  const location = command.location(options);
  const { dataDirectory } = location;
  const path = join(dataDirectory, 'access.db');
  // A directory of no ledger yet may take keys before the API's first start; one whose events.db is
  // something else is no data directory of the API's, and a key kept there would never be asked for.
  if (location.store.kind === 'sqlite' && existsSync(location.store.path)) assertLedgerExists(location);
  if (create) makeDirectories(dataDirectory);
  else if (!existsSync(dataDirectory)) {
    throw new UsageError(`no data directory ${dataDirectory}: pass --data-dir or set LEDGER_DATA_DIR`);
  }
  return create || existsSync(path) ? path : undefined;
}

/**
 * Opens the key store for one piece of work. SQLite's own words ("file is not a database", "attempt
 * to write a readonly database") name no file: these do.
 */
function withKeys<T>(path: string, work: (keys: KeyStore) => T): T {
  let keys: KeyStore | undefined;
  try {
    keys = new KeyStore(path);
    return work(keys);
  } catch (error) {
    const { message } = error as Error;
    const doing = keys ? 'cannot use the key store' : 'cannot open the key store';
    throw new Error(message.startsWith(path) ? message : `${doing} ${path}: ${message}`, { cause: error });
  } finally {
    keys?.close();
  }
}

interface CreateOptions extends DataDirectoryOption {
  readonly role: Role;
  readonly insurer?: InsurerNumber[];
  readonly medicalInstitution?: MedicalInstitutionCode[];
}

/** The option that gives each field of a key's scope. */
const scopeOptions: Record<ScopeProblem['field'], string> = {
  role: '--role',
  insurers: '--insurer',
  medicalInstitutions: '--medical-institution',
};

/** The options of `keys create` given once per value, for several insurers or institutions. */
export const repeatableKeyOptions = [scopeOptions.insurers, scopeOptions.medicalInstitutions];

/** Repeatable: each occurrence adds one, a repeat changes nothing. */
const collect = <T extends string>(value: string, previous: T[] = []): T[] =>
  previous.includes(value as T) ? previous : [...previous, value as T];

@SubCommand({
  name: 'create',
  description:
    'Create an API key and print it, this once, as JSON on stdout.\n' +
    'The ledger keeps only its hash. ' +
    'An insurer-clerk needs at least one --insurer; no other role takes any. ' +
    'A medical-institution key may name the institutions it checks as (--medical-institution, repeatable): ' +
    'a check naming another is then refused. Without any, it checks as any institution (a gateway).\n' +
    'Example: npm run -s ledger -- keys create --role insurer-clerk --insurer 123455 --insurer 06050116\n' +
    'Example: npm run -s ledger -- keys create --role medical-institution --medical-institution 0110113719',
})
export class KeysCreateCommand extends LedgerDataCommand {
  run(_: string[], options: CreateOptions): Promise<void> {
    const { role, insurer: insurers, medicalInstitution: medicalInstitutions } = options;
    const problem = checkScope({ role, insurers, medicalInstitutions });
    if (problem) {
      return Promise.reject(new UsageError(`${scopeOptions[problem.field]}: ${problem.reason}`));
    }
    const path = keyStorePath(this, options, true)!;
    const created = withKeys(path, (keys) => keys.create(scopeOf(role, insurers, medicalInstitutions)));
    try {
      // Written at once, so that a key nobody could read (a full disk, a closed pipe) is known to be lost here.
      writeSync(process.stdout.fd, `${JSON.stringify(created)}\n`);
    } catch (error) {
      withKeys(path, (keys) => keys.revoke(created.id));
      throw new Error(`the key could not be written out (${(error as Error).message}): ${created.id} is revoked`, {
        cause: error,
      });
    }
    process.stderr.write(`created ${created.id}: the key is shown only this once, keep it safe\n`);
    return Promise.resolve();
  }

  @Option({ flags: '--role <role>', description: `one of ${roles.join(', ')}`, required: true })
  parseRole(value: string): Role {
    if (!isRole(value)) throw new InvalidArgumentError(`must be one of ${roles.join(', ')}.`);
    return value;
  }

  @Option({ flags: '--insurer <number>', description: 'an insurer the clerk acts for; repeat for several' })
  parseInsurer(value: string, previous?: InsurerNumber[]): InsurerNumber[] {
    return collect(value, previous);
  }

  @Option({
    flags: '--medical-institution <code>',
    description: 'an institution a medical-institution key checks as (10 digits); repeat for several',
  })
  parseMedicalInstitution(value: string, previous?: MedicalInstitutionCode[]): MedicalInstitutionCode[] {
    return collect(value, previous);
  }
}

@SubCommand({
  name: 'list',
  description:
    'List the API keys as JSON lines, never the keys themselves.\n' +
    'Each line: id, role, insurers, medicalInstitutions, source, createdAt, revokedAt.\n' +
    'Example: npm run -s ledger -- keys list',
})
export class KeysListCommand extends LedgerDataCommand {
  run(_: string[], options: DataDirectoryOption): Promise<void> {
    const path = keyStorePath(this, options, false);
    const listed: KeyRecord[] = path ? withKeys(path, (keys) => keys.list()) : [];
    for (const key of listed) process.stdout.write(`${JSON.stringify(key)}\n`);
    process.stderr.write(`${listed.length} keys\n`);
    return Promise.resolve();
  }
}

@SubCommand({
  name: 'revoke',
  arguments: '<id-or-key>',
  description:
    'Revoke an API key by its id, or by the key itself.\n' +
    'The key itself serves when only the key is at hand (a leaked one, created or configured). ' +
    'A running API refuses it from then on, also after LEDGER_API_KEYS lists it again. Revoking ' +
    'a revoked key changes nothing. Exit 1 when no key has that id or is that key. What is given is never ' +
    'printed back, as it may be a key.\n' +
    'Example: npm run -s ledger -- keys revoke key-3f9a1c2b7d4e',
})
export class KeysRevokeCommand extends LedgerDataCommand {
  run([given]: string[], options: DataDirectoryOption): Promise<void> {
    const path = keyStorePath(this, options, false);
    const revoked = path ? withKeys(path, (keys) => keys.revokeGiven(given!)) : undefined;
    if (!revoked) {
      process.stderr.write('ledger: no key has the id given, nor is it a key of this ledger\n');
      process.exitCode = exitCodes.failure;
      return Promise.resolve();
    }
    process.stdout.write(`${JSON.stringify(revoked)}\n`);
    return Promise.resolve();
  }
}

@Command({
  name: 'keys',
  description: 'API keys in LEDGER_DATA_DIR/access.db: create, list, revoke.\nExample: npm run -s ledger -- keys list',
  subCommands: [KeysCreateCommand, KeysListCommand, KeysRevokeCommand],
})
export class KeysCommand extends LedgerCommandGroup {}
