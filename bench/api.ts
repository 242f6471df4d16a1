/**
 * `npm run bench:api [-- --quick]`: the verify route (POST /api/v1/auth/verify,
 * a valid TOTP code → a session) on SQLite and on PostgreSQL, with one API
 * instance and with two on the same database, beside a bare Fastify JSON
 * route, all in the same run on the same machine. Also: where a verify's time
 * goes (queries, database time, the rest) and what a database-backed rate
 * limit costs. Writes bench/api-results.json and prints a table.
 *
 * For the overall harness (issue 7): `runApiBench({ quick })` answers the same
 * figures as JSON. PostgreSQL: BENCH_PG_URL or TEST_PG_URL (a role that may
 * create databases); without either, a throwaway server is started from the
 * Debian package when one is installed, else the PostgreSQL rows are skipped
 * (and say so).
 *
 * Every server is a child process on 127.0.0.1 started and stopped here; the
 * load generator (autocannon) runs in this process. Requests per run are
 * bounded (amount), so every run ends by itself.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Insertable, KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { SecretBox } from '../src/server/crypto/secret-box';
import { hashPassword } from '../src/server/crypto/password';
import { hashToken, newId, randomToken } from '../src/server/crypto/tokens';
import { migrateToLatest, openStore, type Store } from '../src/server/db/database';
import type { Config } from '../src/server/config';
import type { FactorsTable, TokensTable, UsersTable } from '../src/server/db/schema';
import { createServices } from '../src/server/services';

// autocannon ships no types; the little used here is typed locally.
interface AutocannonRequest { method?: string; path?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: AutocannonRequest) => AutocannonRequest }
interface AutocannonResult {
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  requests: { total: number; average: number };
  latency: { p50: number; p99: number; average: number };
}
type Autocannon = (options: Record<string, unknown>) => Promise<AutocannonResult>;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: Autocannon = require('autocannon');

/** The repository: bench/ when run from source, build/bench-api/bench/ when compiled. */
const root = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
const serverEntry = path.join(root, 'build/server/main.js');

export interface ApiBenchOptions {
  quick?: boolean;
  /** postgres://… with the right to create databases; null: skip PostgreSQL; undefined: BENCH_PG_URL, TEST_PG_URL or a throwaway server. */
  pgUrl?: string | null;
  connections?: number;
  log?: (line: string) => void;
}

export interface RouteFigure {
  name: string;
  store: 'none' | 'sqlite' | 'postgres';
  instances: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 200 (all requests are valid sign-ins: this must be 0). */
  failures: number;
  /** requestsPerSecond / the bare route's. */
  ofBare: number;
}

export interface Breakdown {
  store: 'sqlite' | 'postgres';
  /** One verify at a time, in-process (no HTTP): the service work alone. */
  verifyMs: number;
  queries: number;
  databaseMs: number;
  otherMs: number;
  /** One RateLimiter.hit (the password route does two, beside a ~10 ms argon2id check). */
  rateLimitHitMs: number;
}

export interface ApiBenchResult {
  when: string;
  machine: { cpus: number; cpuModel: string; node: string; postgres: string | null; loadAverage: number };
  settings: { connections: number; verifyRequests: number; bareSeconds: number };
  routes: RouteFigure[];
  breakdown: Breakdown[];
  notes: string[];
}

export async function runApiBench(options: ApiBenchOptions = {}): Promise<ApiBenchResult> {
  const log = options.log ?? ((line: string) => console.error(line));
  const quick = options.quick ?? false;
  const connections = options.connections ?? 50;
  const verifyRequests = quick ? 3000 : 20000;
  const bareSeconds = quick ? 3 : 10;
  const notes: string[] = [];
  if (!fs.existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: run npm run build:server first`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-bench-api-'));
  const children = new Set<ChildProcess>();
  const throwaway: { stop?: () => void } = {};
  // Interrupted (Ctrl-C, a harness's timeout): nothing started here is left running.
  const onSignal = () => {
    for (const child of children) child.kill('SIGKILL');
    throwaway.stop?.();
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const loadBefore = os.loadavg()[0]!;
  const routes: RouteFigure[] = [];
  const breakdown: Breakdown[] = [];
  let postgresVersion: string | null = null;
  try {
    // --- the bare route: Fastify, one JSON answer, nothing else ---
    const barePort = await freePort();
    const bare = spawnChild(children, process.execPath, ['-e', bareServerSource(barePort)], {});
    await waitForHttp(`http://127.0.0.1:${barePort}/`, bare);
    log(`bare Fastify route: ${bareSeconds} s at ${connections} connections`);
    const bareResult = await autocannon({ url: `http://127.0.0.1:${barePort}/`, connections, duration: bareSeconds });
    await stopChild(children, bare);
    const bareRps = bareResult.requests.total / bareResult.duration;
    routes.push(figure('bare Fastify GET', 'none', 1, [bareResult], bareRps));

    const secretKey = crypto.randomBytes(32);
    const stores: { kind: 'sqlite' | 'postgres'; config: Config['database']; drop: () => Promise<void> }[] = [
      { kind: 'sqlite', config: { kind: 'sqlite', file: path.join(work, 'bench.db') }, drop: async () => undefined },
    ];
    let pgUrl = options.pgUrl === undefined ? process.env.BENCH_PG_URL || process.env.TEST_PG_URL || undefined : options.pgUrl ?? undefined;
    if (options.pgUrl === undefined && !pgUrl) {
      const started = startThrowawayPostgres(log);
      if (started) {
        pgUrl = started.url;
        throwaway.stop = started.stop;
      }
    }
    if (pgUrl) {
      const database = await createDatabase(pgUrl, `axis_bench_${crypto.randomBytes(4).toString('hex')}`);
      postgresVersion = database.version;
      stores.push({ kind: 'postgres', config: { kind: 'postgres', url: database.url, poolSize: 10 }, drop: database.drop });
    } else {
      notes.push('PostgreSQL rows skipped: no BENCH_PG_URL/TEST_PG_URL and no PostgreSQL installed.');
    }

    for (const target of stores) {
      const store = await openStore(target.config);
      try {
        await migrateToLatest(store.db);
        // Enough one-use sign-ins for every run on this store (a TOTP step is accepted once per user).
        const seeded = await seed(store, secretKey, verifyRequests * 2, log);
        for (const instances of [1, 2]) {
          const slots = seeded.splice(0, verifyRequests);
          const servers = [];
          for (let i = 0; i < instances; i += 1) {
            const port = await freePort();
            const child = spawnChild(children, process.execPath, [serverEntry], {
              HOST: '127.0.0.1',
              PORT: String(port),
              TLS: 'off',
              LOG_LEVEL: 'warn',
              NODE_ENV: 'production',
              DATA_DIR: path.join(work, `data-${target.kind}-${instances}-${i}`),
              DATABASE_URL: target.config.kind === 'sqlite' ? `sqlite:${target.config.file}` : target.config.url,
              DATABASE_POOL_SIZE: '10',
              SECRET_KEY: secretKey.toString('hex'),
              MIGRATE_ON_START: 'off',
            });
            await waitForHttp(`http://127.0.0.1:${port}/readyz`, child);
            servers.push({ port, child });
          }
          log(`verify on ${target.kind}, ${instances} instance${instances > 1 ? 's' : ''}: ${verifyRequests} sign-ins at ${connections} connections`);
          const share = Math.floor(verifyRequests / instances);
          const results = await Promise.all(
            servers.map((server, i) =>
              verifyLoad(`http://127.0.0.1:${server.port}`, slots.slice(i * share, (i + 1) * share), Math.max(1, Math.floor(connections / instances))),
            ),
          );
          for (const server of servers) await stopChild(children, server.child);
          routes.push(figure('verify (TOTP → session)', target.kind, instances, results, bareRps));
        }
        breakdown.push(await measureBreakdown(store, secretKey, target.kind, quick ? 300 : 1000));
      } finally {
        await store.close();
        await target.drop();
      }
    }
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    for (const child of children) child.kill('SIGKILL');
    throwaway.stop?.();
    fs.rmSync(work, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg()[0]!;
  if (Math.max(loadBefore, loadAfter) > os.cpus().length * 1.5) {
    notes.push(`The machine was busy with other work (1-minute load average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after, on ${os.cpus().length} cores): the absolute figures are low; compare rows of the same run.`);
  }
  notes.push(
    'Load generator (autocannon) and servers share the machine; two instances on one machine share its cores, so they show coordination cost, not scale-out.',
    'SQLite with two instances = two processes on one database file (WAL): measured for comparison, not a supported topology.',
    'PostgreSQL: the same machine, default durability (fsync on, synchronous_commit on) unless the server given says otherwise.',
  );
  return {
    when: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, postgres: postgresVersion, loadAverage: Math.round(loadAfter * 10) / 10 },
    settings: { connections, verifyRequests, bareSeconds },
    routes,
    breakdown,
    notes,
  };
}

// ---------------------------------------------------------------- load

interface Slot { token: string; secret: Buffer }

async function verifyLoad(baseUrl: string, slots: Slot[], connections: number): Promise<AutocannonResult> {
  let next = 0;
  return autocannon({
    url: baseUrl,
    connections,
    amount: slots.length,
    requests: [
      {
        method: 'POST',
        path: '/api/v1/auth/verify',
        setupRequest: (req: AutocannonRequest) => {
          const slot = slots[next++ % slots.length]!;
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${slot.token}` },
            // Computed at send time, as an authenticator app would show it.
            body: JSON.stringify({ method: 'totp', code: totp(slot.secret, Date.now()) }),
          };
        },
      },
    ],
  });
}

function figure(name: string, store: RouteFigure['store'], instances: number, results: AutocannonResult[], bareRps: number): RouteFigure {
  const requests = results.reduce((n, r) => n + r.requests.total, 0);
  const seconds = Math.max(...results.map((r) => r.duration));
  const rps = requests / seconds;
  const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;
  return {
    name,
    store,
    instances,
    requests,
    seconds: round(seconds, 2),
    requestsPerSecond: Math.round(rps),
    p50Ms: Math.max(...results.map((r) => r.latency.p50)),
    p99Ms: Math.max(...results.map((r) => r.latency.p99)),
    failures: results.reduce((n, r) => n + r.non2xx + r.errors + r.timeouts, 0),
    ofBare: round(rps / bareRps, 3),
  };
}

/** RFC 6238 (SHA-1, 6 digits, 30 s), as an authenticator app computes it. */
function totp(secret: Buffer, ms: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 30_000)));
  const mac = crypto.createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

// ---------------------------------------------------------------- data

/** Users with an authenticator app and one pending sign-in each, written in bulk (one argon2id hash shared: it is never checked here). */
async function seed(store: Store, secretKey: Buffer, count: number, log: (l: string) => void): Promise<Slot[]> {
  const started = Date.now();
  const box = new SecretBox(secretKey);
  const services = createServices({ db: store.db, secretKey });
  const org = await services.administration.createOrg(`Bench ${crypto.randomBytes(3).toString('hex')}`, {}, { ip: null, userAgent: 'bench', clientType: null, actorId: null });
  const passwordHash = await hashPassword(`bench ${crypto.randomUUID()}`);
  const now = Date.now();
  const slots: Slot[] = [];
  for (let offset = 0; offset < count; offset += 500) {
    const users: Insertable<UsersTable>[] = [];
    const factors: Insertable<FactorsTable>[] = [];
    const tokens: Insertable<TokensTable>[] = [];
    for (let i = offset; i < Math.min(count, offset + 500); i += 1) {
      const userId = newId();
      const factorId = newId();
      const secret = crypto.randomBytes(20);
      const token = randomToken();
      users.push({ id: userId, org_id: org.id, username: `bench-${userId}@example.com`, email: null, display_name: 'Bench', role: 'user' as const, password_hash: passwordHash, credential_epoch: 1, failed_2fa: 0, next_2fa_at: 0, lock_until: 0, lock_level: 0, last_sign_in_at: null, created_at: now });
      factors.push({ id: factorId, user_id: userId, kind: 'totp' as const, status: 'active' as const, label: 'Phone', secret_enc: box.seal(secret, factorId), destination: null, last_step: null, created_at: now, confirmed_at: now });
      tokens.push({ id: newId(), token_hash: hashToken(token), kind: 'pending' as const, user_id: userId, epoch: 1, purpose: 'verify', client_type: null, registration_id: null, ip: null, user_agent: null, created_at: now, last_used_at: now, expires_at: now + 6 * 3600_000, consumed_at: null, revoked_at: null, step_up_at: null });
      slots.push({ token, secret });
    }
    await store.db.transaction().execute(async (trx) => {
      await trx.insertInto('users').values(users).execute();
      await trx.insertInto('factors').values(factors).execute();
      await trx.insertInto('tokens').values(tokens).execute();
    });
  }
  log(`  seeded ${count} users with pending sign-ins on ${store.kind} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return slots;
}

/** Counts queries and their time; each query's start and end meet by queryId. */
class QueryTimer implements KyselyPlugin {
  queries = 0;
  ms = 0;
  private readonly started = new WeakMap<object, number>();
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.started.set(args.queryId, performance.now());
    return args.node;
  }
  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const start = this.started.get(args.queryId);
    if (start !== undefined) {
      this.queries += 1;
      this.ms += performance.now() - start;
    }
    return args.result;
  }
}

async function measureBreakdown(store: Store, secretKey: Buffer, kind: 'sqlite' | 'postgres', n: number): Promise<Breakdown> {
  const slots = await seed(store, secretKey, n, () => undefined);
  const timer = new QueryTimer();
  const services = createServices({ db: store.db.withPlugin(timer), secretKey });
  const ctx = { ip: '127.0.0.1', userAgent: 'bench', clientType: null };
  // Warm up (JIT, connections), then measure one at a time.
  for (const slot of slots.splice(0, 20)) {
    await services.signIn.verify(await services.tokens.authenticatePending(slot.token), { method: 'totp', code: totp(slot.secret, Date.now()) }, ctx);
  }
  timer.queries = 0;
  timer.ms = 0;
  const t0 = performance.now();
  for (const slot of slots) {
    await services.signIn.verify(await services.tokens.authenticatePending(slot.token), { method: 'totp', code: totp(slot.secret, Date.now()) }, ctx);
  }
  const total = performance.now() - t0;
  const verifyMs = total / slots.length;
  const databaseMs = timer.ms / slots.length;
  const hits = n;
  const r0 = performance.now();
  for (let i = 0; i < hits; i += 1) await services.rateLimiter.hit(`bench:ip:10.0.${i % 250}.${i % 200}`, 1_000_000, 15 * 60_000);
  const rateLimitHitMs = (performance.now() - r0) / hits;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { store: kind, verifyMs: round(verifyMs), queries: round(timer.queries / slots.length), databaseMs: round(databaseMs), otherMs: round(verifyMs - databaseMs), rateLimitHitMs: round(rateLimitHitMs) };
}

// ---------------------------------------------------------------- processes and PostgreSQL

function spawnChild(children: Set<ChildProcess>, command: string, args: string[], env: Record<string, string>): ChildProcess {
  const child = spawn(command, args, { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  (child as ChildProcess & { stderrTail?: () => string }).stderrTail = () => stderr;
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

async function stopChild(children: Set<ChildProcess>, child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
  children.delete(child);
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early: ${(child as ChildProcess & { stderrTail?: () => string }).stderrTail?.()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function bareServerSource(port: number): string {
  return `const app = require('fastify')({ logger: false });
app.get('/', async () => ({ status: 'ok' }));
app.listen({ port: ${port}, host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));`;
}

async function createDatabase(adminUrl: string, name: string): Promise<{ url: string; version: string; drop: () => Promise<void> }> {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = String((await admin.query('show server_version')).rows[0].server_version);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    version,
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A throwaway PostgreSQL (Debian package) with default durability settings, on 127.0.0.1, as the postgres user when run as root. */
function startThrowawayPostgres(log: (l: string) => void): { url: string; stop: () => void } | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs.readdirSync(base).filter((v) => fs.existsSync(path.join(base, v, 'bin/initdb'))).sort((x, y) => Number(x) - Number(y));
  const bin = versions.length ? path.join(base, versions[versions.length - 1]!, 'bin') : null;
  if (!bin) return null;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-bench-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) spawnSync('chown', ['postgres', dir]);
  const run = (args: string[]) => (asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' }) : spawnSync(args[0]!, args.slice(1), { encoding: 'utf8' }));
  const port = 20000 + crypto.randomInt(20000);
  const init = run([path.join(bin, 'initdb'), '-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  if (init.status !== 0) {
    log(`could not initdb a throwaway PostgreSQL: ${init.stderr}`);
    return null;
  }
  const start = run([path.join(bin, 'pg_ctl'), '-D', path.join(dir, 'data'), '-l', path.join(dir, 'log'), '-w', 'start', '-o', `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=100`]);
  if (start.status !== 0) {
    log(`could not start a throwaway PostgreSQL: ${start.stderr}`);
    return null;
  }
  log(`throwaway PostgreSQL on 127.0.0.1:${port} (${dir})`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      run([path.join(bin, 'pg_ctl'), '-D', path.join(dir, 'data'), '-m', 'fast', 'stop']);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- command line

export function formatApiBench(result: ApiBenchResult): string {
  const lines = [
    `API benchmark ${result.when} — ${result.machine.cpus} × ${result.machine.cpuModel}, Node ${result.machine.node}, PostgreSQL ${result.machine.postgres ?? 'n/a'}`,
    `${result.settings.connections} connections; verify: ${result.settings.verifyRequests} sign-ins per row; bare: ${result.settings.bareSeconds} s`,
    '',
    '| route | store | instances | req/s | p50 ms | p99 ms | × bare | failures |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...result.routes.map((r) => `| ${r.name} | ${r.store} | ${r.instances} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.ofBare} | ${r.failures} |`),
    '',
    'Where a verify goes (in-process, one at a time, no HTTP):',
    '',
    '| store | ms per verify | queries | database ms | other ms | rate-limit hit ms |',
    '|---|---:|---:|---:|---:|---:|',
    ...result.breakdown.map((b) => `| ${b.store} | ${b.verifyMs} | ${b.queries} | ${b.databaseMs} | ${b.otherMs} | ${b.rateLimitHitMs} |`),
    '',
    ...result.notes.map((n) => `- ${n}`),
  ];
  return lines.join('\n');
}

if (require.main === module) {
  const quick = process.argv.includes('--quick');
  runApiBench({ quick }).then(
    (result) => {
      const table = formatApiBench(result);
      console.log(table);
      fs.writeFileSync(path.join(root, 'bench/api-results.json'), JSON.stringify(result, null, 2) + '\n');
      fs.writeFileSync(path.join(root, 'bench/api-results.md'), `# API benchmark (npm run bench:api${quick ? ' -- --quick' : ''})\n\n${table}\n`);
      const failed = result.routes.some((r) => r.failures > 0);
      if (failed) console.error('Some sign-ins failed: the figures above are not of a healthy run.');
      process.exit(failed ? 1 : 0);
    },
    (error) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
