/**
 * The PostgreSQL section of `npm run bench`: the verify route with the same
 * mix as the SQLite rounds, on a private PostgreSQL cluster, with one API
 * instance and with two on the same database, in alternating rounds.
 *
 * - API CPU per verify: user + system CPU of each API process
 *   (/proc/<pid>/stat) over the run ÷ the answers that process gave.
 * - Database CPU per verify: the cluster's CPU (postmaster + backends +
 *   background workers, bench/pg-cluster.ts) over the run ÷ all answers.
 * - Two instances vs one: one autocannon process per instance, run side by
 *   side, each with half the connections and half the requests, on disjoint
 *   users; req/s = all answers ÷ the longer run's wall time. With taskset
 *   (when there are ≥ 2 cores) instance 1 runs on CPU 0 and instance 2 on
 *   CPU 1 in both setups, so one instance has one core and two have two;
 *   PostgreSQL and the load generators are not pinned and share both cores.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadResult } from './load';
import { startPgCluster, type PgCluster } from './pg-cluster';
import { createPgBenchDatabase, type PgBenchDatabase } from './pg-seed';
import { cpuSeconds, freePort, startService, type Service } from './processes';
import type { LockWaitSamples, Part, PgSetupResult, PostgresResult } from './types';
import { planVerify, runLoad, spread } from './verify-plan';

export interface PostgresOptions {
  users: number;
  runs: number;
  requests: number;
  maxSeconds: number;
  /** Warm-up requests per instance before the measured rounds. */
  warmRequests: number;
  connections: number;
  pin: boolean;
  serverMain: string;
  serverNodeArgs: string[];
  tmp: string;
  log: (line: string) => void;
}

interface Instance {
  service: Service;
  baseUrl: string;
}

async function startInstance(db: PgBenchDatabase, o: PostgresOptions, index: number, cpu: number | null): Promise<Instance> {
  const port = await freePort();
  const dataDir = path.join(o.tmp, `pg-server-${index}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    PORT: String(port),
    HOST: '127.0.0.1',
    TLS: 'off',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    SECRET_KEY: db.secretKey.toString('hex'),
    LOG_LEVEL: 'warn',
    TRUST_PROXY: '127.0.0.1',
    NODE_ENV: 'production',
    WEB_ROOT: path.join(dataDir, 'no-web-root'),
  };
  const node = [process.execPath, ...o.serverNodeArgs, o.serverMain];
  // taskset execs node: the pid stays the server's.
  const [command, ...args] = cpu === null ? node : ['taskset', '-c', String(cpu), ...node];
  const service = await startService(`api server ${index + 1} (PostgreSQL)`, command!, args, {
    env,
    cwd: dataDir,
    ready: /AXIS CloudSync 2FA server: (http:\/\/\S+)/,
    timeoutMs: 60_000,
  });
  return { service, baseUrl: `http://127.0.0.1:${port}` };
}

interface Round {
  loads: LoadResult[];
  rps: number;
  p50: number;
  p99: number;
  apiCpuByInstance: (number | null)[];
  dbCpu: number | null;
  lockWaits: LockWaitSamples;
  accepted: number;
  expected: number;
}

/**
 * Backends waiting for a lock, sampled every 50 ms while `during` runs (pg_stat_activity is live): two
 * instances on disjoint users should add no waiting, only CPU contention on a shared machine.
 */
async function sampleLockWaits<T>(db: PgBenchDatabase, during: Promise<T>): Promise<{ value: T; samples: LockWaitSamples }> {
  const samples: LockWaitSamples = { samples: 0, withWaiters: 0, waiters: 0 };
  let done = false;
  const sampling = (async () => {
    while (!done) {
      const n = await db.lockWaiters().catch(() => null);
      if (n !== null) {
        samples.samples += 1;
        samples.waiters += n;
        if (n > 0) samples.withWaiters += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  try {
    return { value: await during, samples };
  } finally {
    done = true;
    await sampling;
  }
}

/** One measured run against `instances` (all at once), the database's CPU around it. */
async function round(db: PgBenchDatabase, cluster: PgCluster, instances: Instance[], o: PostgresOptions, requests: number): Promise<Round> {
  const share = Math.floor(requests / instances.length);
  const connections = Math.max(1, Math.floor(o.connections / instances.length));
  const plans = [];
  for (const [i, instance] of instances.entries()) {
    plans.push(await planVerify(db, share, connections, instance.baseUrl, 120, { index: i, of: instances.length }));
  }
  for (const p of plans) p.plan.maxSeconds = o.maxSeconds;
  try {
    const apiBefore = instances.map((x) => cpuSeconds(x.service.pid));
    const dbBefore = cluster.cpuSeconds();
    const { value: loads, samples: lockWaits } = await sampleLockWaits(db, Promise.all(plans.map((p) => runLoad(p.plan, o.tmp))));
    const dbAfter = cluster.cpuSeconds();
    const apiAfter = instances.map((x) => cpuSeconds(x.service.pid));
    const answers = loads.reduce((a, l) => a + l.requests, 0);
    const perRequest = (before: number | null, after: number | null, n: number) => (before !== null && after !== null && n ? ((after - before) * 1000) / n : null);
    return {
      loads,
      rps: answers / Math.max(...loads.map((l) => l.seconds)),
      p50: Math.max(...loads.map((l) => l.latencyMs.p50)),
      p99: Math.max(...loads.map((l) => l.latencyMs.p99)),
      apiCpuByInstance: instances.map((_, i) => perRequest(apiBefore[i]!, apiAfter[i]!, loads[i]!.requests)),
      dbCpu: perRequest(dbBefore, dbAfter, answers),
      lockWaits,
      accepted: loads.reduce((a, l) => a + (l.statusCodes['200'] ?? 0), 0),
      expected: plans.reduce((a, p, i) => a + (p.expectedAccepted / (p.plan.slots?.length ?? 1)) * loads[i]!.requests, 0),
    };
  } finally {
    // The next round starts these users afresh (as if their last sign-in were minutes ago).
    for (const p of plans) await db.resetUsers(p.users);
  }
}

function summarize(instances: number, rounds: Round[]): PgSetupResult {
  const answered = rounds.reduce((a, r) => a + r.loads.reduce((b, l) => b + l.requests, 0), 0);
  const mean = (xs: (number | null)[]) => {
    const v = xs.filter((x): x is number => x !== null);
    return v.length === xs.length && v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN;
  };
  return {
    instances,
    loads: rounds.map((r) => r.loads),
    rps: spread(rounds.map((r) => r.rps)),
    p50: spread(rounds.map((r) => r.p50)),
    p99: spread(rounds.map((r) => r.p99)),
    apiCpuMsPerVerify: spread(rounds.map((r) => mean(r.apiCpuByInstance))),
    apiCpuMsPerVerifyByInstance: Array.from({ length: instances }, (_, i) => spread(rounds.map((r) => r.apiCpuByInstance[i] ?? NaN))),
    dbCpuMsPerVerify: spread(rounds.map((r) => r.dbCpu ?? NaN)),
    lockWaits: rounds.reduce((a, r) => ({ samples: a.samples + r.lockWaits.samples, withWaiters: a.withWaiters + r.lockWaits.withWaiters, waiters: a.waiters + r.lockWaits.waiters }), { samples: 0, withWaiters: 0, waiters: 0 }),
    accepted: answered ? rounds.reduce((a, r) => a + r.accepted, 0) / answered : 0,
    acceptedExpected: answered ? rounds.reduce((a, r) => a + r.expected, 0) / answered : 0,
  };
}

export async function measurePostgres(o: PostgresOptions): Promise<Part<PostgresResult>> {
  const started = await startPgCluster(o.log);
  if ('reason' in started) return { available: false, reason: started.reason };
  const cluster = started;
  let db: PgBenchDatabase | undefined;
  const instances: Instance[] = [];
  try {
    db = await createPgBenchDatabase(cluster.adminUrl, crypto.randomBytes(32));
    o.log(`seeding PostgreSQL to ${o.users.toLocaleString('en')} users…`);
    const seedSeconds = await db.growTo(o.users);
    const dbMegabytes = await db.megabytes();
    o.log(`seeded in ${seedSeconds.toFixed(1)} s (${dbMegabytes.toFixed(0)} MB)`);
    const cores = os.availableParallelism?.() ?? os.cpus().length;
    const pin = o.pin && cores >= 2 && fs.existsSync('/usr/bin/taskset');
    // One at a time: the first start runs the migrations check under the startup lock.
    for (let i = 0; i < 2; i++) instances.push(await startInstance(db, o, i, pin ? i : null));
    o.log(`API instances up (pids ${instances.map((x) => x.service.pid).join(', ')}${pin ? ', pinned to CPU 0 and CPU 1' : ''}); warming up`);
    // Both instances get the same warm-up (JIT, pool), so instance 2 is not colder than instance 1.
    const warm = o.warmRequests;
    await round(db, cluster, [instances[0]!], o, warm);
    await round(db, cluster, [instances[1]!], o, warm);
    // What an instance costs doing nothing (timers, pool upkeep): a fixed cost that weighs per verify when req/s is low.
    const idleBefore = instances.map((x) => cpuSeconds(x.service.pid));
    const idleStarted = process.hrtime.bigint();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const idleSeconds = Number(process.hrtime.bigint() - idleStarted) / 1e9;
    const idleCpuMsPerSecond = instances.map((x, i) => {
      const after = cpuSeconds(x.service.pid);
      const before = idleBefore[i];
      return after !== null && before !== null && before !== undefined ? ((after - before) * 1000) / idleSeconds : null;
    });
    const one: Round[] = [];
    const two: Round[] = [];
    for (let r = 0; r < o.runs; r++) {
      // Alternate the order, so a drift in the machine's load does not favour one setup.
      const order = r % 2 === 0 ? [1, 2] : [2, 1];
      for (const n of order) {
        const result = await round(db, cluster, instances.slice(0, n), o, o.requests);
        (n === 1 ? one : two).push(result);
        o.log(
          `  PostgreSQL, ${n} instance${n > 1 ? 's' : ''}, round ${r + 1}/${o.runs}: ${result.rps.toFixed(0)} req/s p99 ${result.p99} ms; ` +
            `API CPU ${result.apiCpuByInstance.map((c) => c?.toFixed(2)).join(' / ')} ms per verify; database CPU ${result.dbCpu?.toFixed(2)} ms per verify; ` +
            `lock waits in ${result.lockWaits.withWaiters} of ${result.lockWaits.samples} samples`,
        );
      }
    }
    const oneResult = summarize(1, one);
    const twoResult = summarize(2, two);
    const mean = (xs: (number | null)[]) => (xs.every((x) => x !== null) ? (xs as number[]).reduce((a, b) => a + b, 0) / xs.length : NaN);
    return {
      available: true,
      version: cluster.version,
      storage: cluster.storage,
      users: o.users,
      seedSeconds,
      dbMegabytes,
      connections: o.connections,
      requestsPerRun: o.requests,
      maxSeconds: o.maxSeconds,
      idleCpuMsPerSecond,
      pinning: pin ? 'taskset: API instance 1 on CPU 0, instance 2 on CPU 1 (in both setups); PostgreSQL and the load generators not pinned' : null,
      one: oneResult,
      two: twoResult,
      // Rounds pair up: round r of each setup ran back to back.
      twoToOne: spread(two.map((t, i) => t.rps / one[i]!.rps)),
      perInstanceCpuRatio: spread(two.map((t, i) => mean(t.apiCpuByInstance) / (one[i]!.apiCpuByInstance[0] ?? NaN))),
    };
  } finally {
    for (const x of instances) await x.service.stop();
    await db?.close();
    await cluster.stop();
  }
}
