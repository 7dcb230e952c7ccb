import { CORE_SCHEMA, load, mergeTag } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * No Docker engine (nor the compose plugin) runs on these machines: the files are parsed and their
 * structure asserted here; `docker compose config` and `docker build` are left to a machine with Docker.
 */
const root = join(__dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  networks?: unknown;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
}
interface Compose {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
}

describe('docker/docker-compose.yml', () => {
  // Compose resolves YAML merge keys (<<); js-yaml 5 does so only with the merge tag.
  const compose = load(read('docker/docker-compose.yml'), { schema: CORE_SCHEMA.withTags(mergeTag) }) as Compose;
  const services = Object.entries(compose.services);
  const nodes = services.filter(([, service]) => service.image?.startsWith('eventstore/eventstore:'));
  const replicas = services.filter(([, service]) => service.environment.LEDGER_STORE === 'eventstoredb');

  it('runs a three-node EventStoreDB cluster from the official image, insecure for local use only', () => {
    expect(nodes.map(([name]) => name)).toEqual(['esdb-1', 'esdb-2', 'esdb-3']);
    for (const [, node] of nodes) {
      expect(node.environment).toMatchObject({ EVENTSTORE_CLUSTER_SIZE: '3', EVENTSTORE_INSECURE: 'true' });
      expect(node.healthcheck?.test.join(' ')).toContain('/health/live');
      expect(node.volumes).toHaveLength(1);
    }
    expect(read('docker/docker-compose.yml')).toMatch(/To enable TLS[\s\S]*EVENTSTORE_CERTIFICATE_FILE/);
  });

  it('each node seeds gossip with the two others, at the address it advertises', () => {
    const addresses = new Map(nodes.map(([name, node]) => [name, node.environment.EVENTSTORE_NODE_IP]));
    for (const [name, node] of nodes) {
      const others = [...addresses].filter(([other]) => other !== name).map(([, ip]) => `${ip}:2113`);
      expect(node.environment.EVENTSTORE_GOSSIP_SEED!.split(',')).toEqual(others);
      expect(node.environment.EVENTSTORE_REPLICATION_IP).toBe(addresses.get(name));
    }
  });

  it('runs two ledger-api replicas on the cluster, on two ports, each with its own read models', () => {
    expect(replicas.map(([name]) => name)).toEqual(['ledger-api-1', 'ledger-api-2']);
    for (const [, replica] of replicas) {
      expect(replica.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
      const connection = replica.environment.EVENTSTORE_CONNECTION_STRING!;
      expect(connection).toMatch(/^esdb:\/\/esdb-1:2113,esdb-2:2113,esdb-3:2113\?tls=false/);
      expect(Object.keys(replica.depends_on ?? {})).toEqual(['esdb-1', 'esdb-2', 'esdb-3']);
      expect(replica.volumes).toEqual([expect.stringMatching(new RegExp(`:${replica.environment.LEDGER_DATA_DIR}$`))]);
    }
    const ports = replicas.map(([, replica]) => replica.ports![0]!.split(':')[0]);
    expect(new Set(ports).size).toBe(2);
    const volumes = replicas.map(([, replica]) => replica.volumes![0]!.split(':')[0]!);
    expect(new Set(volumes).size).toBe(2);
    for (const volume of volumes) expect(compose.volumes).toHaveProperty([volume]);
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = read('docker/Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const runtime = stages.at(-1)!;

  it('is multi-stage; the toolchain for better-sqlite3 stays out of the final stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/apt-get install[^\n]*python3 make g\+\+/);
    expect(runtime).not.toMatch(/python3|g\+\+|apt-get/);
  });

  it('ships production dependencies only and runs as a non-root user', () => {
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/COPY --from=production-dependencies \/app\/node_modules/);
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf('USER node')).toBeLessThan(runtime.indexOf('CMD ['));
  });

  it('checks /health and starts the API as `npm start` does, with its Node flags (ADR 0016)', () => {
    expect(runtime).toMatch(/HEALTHCHECK [\s\S]*\/health/);
    const { scripts } = JSON.parse(read('package.json')) as { scripts: Record<string, string> };
    const started = scripts['start']!.split(' ');
    expect(started).toEqual(['node', '--max-semi-space-size=64', 'dist/apps/ledger-api/src/main.js']);
    expect(runtime).toContain(`CMD ${JSON.stringify(started).replaceAll(',', ', ')}`);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, builds and ledgers out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '**/*.db', '.git']));
  });
});
