/**
 * `npm run bench` (full) and `npm run bench -- --quick` (CI smoke run).
 *
 * Measures the product against a baseline in the same run — this machine is
 * shared and noisy, so ratios within a run are what count — and writes
 * bench/results.json, bench/RESULTS.md and bench/history.json (quick runs
 * write to build/bench/ instead, so a smoke run never overwrites a full one).
 *
 * 1. Verify route: autocannon (a child process) at 50 connections against the
 *    built server (a child process, SQLite, the product's main.js), with a
 *    realistic mix of valid codes, typos, replays and guesses, beside a bare
 *    Fastify JSON route (another child process) measured in the same rounds.
 * 2. Scale: the same at 10 k, 100 k and 1 M seeded users.
 * 3. Password sign-in: the whole route vs raw argon2id verifications.
 * 4. Task pane: `npm run bench:taskpane` when it exists.
 * 5. Memory: the API process's RSS idle and under the verify load.
 * 6. API on SQLite/PostgreSQL: `npm run bench:api` when it exists.
 * 7. A CPU profile (node --cpu-prof) of the server under the verify load.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LoadResult } from './load';
import { cpuSeconds, freePort, runNodeJson, runToEnd, sampleRss, startService, stopAllChildren, type Service, rssMb } from './processes';
import { coarseShares, summarizeProfile } from './profile';
import { baselineEntry, renderMarkdown, historyEntry } from './report';
import { measurePostgres } from './pg-verify';
import { benchPassword, createBenchDatabase, type BenchDatabase } from './seed';
import { measureSqliteFloor } from './sqlite-floor';
import type { BenchResults, HistoryEntry, Machine, PasswordResult, ScaleResult, SqliteFloor, Target } from './types';
import { mix, planVerify, runLoad, sample, script, spread } from './verify-plan';

const repo = path.resolve(__dirname, '..', '..', '..');
const buildDir = path.resolve(__dirname, '..');
const serverMain = path.join(buildDir, 'src', 'server', 'main.js');

interface Options {
  quick: boolean;
  runs: number;
  scales: number[];
  verifyRequests: number;
  verifyMaxSeconds: number;
  bareSeconds: number;
  passwordSeconds: number;
  connections: number;
  profile: boolean;
  taskpane: boolean;
  api: boolean;
  /** The PostgreSQL section (bench/pg-verify.ts): users, requests per run, whether to pin the API instances with taskset. */
  pg: boolean;
  pgUsers: number;
  pgRequests: number;
  pgMaxSeconds: number;
  pin: boolean;
  outDir: string;
  keep: boolean;
  /** Quick runs re-run bench:taskpane and bench:api only with --with-parts. */
  partsInQuick: boolean;
  /** The full harness runs bench:api in its --quick mode unless this is set. */
  apiFull: boolean;
  /** A module preloaded into the API server (node -r): an experiment, e.g. build/bench/bench/variants/stmt-cache.js. */
  variant: string | null;
  /** Node options for the API server: by default those `npm start` uses; `--server-node-args ""` for none. */
  serverNodeArgs: string[];
}

function parseOptions(argv: string[]): Options {
  const quick = argv.includes('--quick');
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  // --pg-only: the PostgreSQL section alone (no SQLite scales, profile or parts).
  const pgOnly = argv.includes('--pg-only');
  const scales = pgOnly ? [] : value('--scales')?.split(',').map((s) => Number(s.replace(/k$/i, '000').replace(/m$/i, '000000')));
  return {
    quick,
    runs: Number(value('--runs') ?? (quick ? 1 : 3)),
    scales: scales ?? (quick ? [10_000] : [10_000, 100_000, 1_000_000]),
    verifyRequests: Number(value('--requests') ?? (quick ? 3_000 : 8_000)),
    verifyMaxSeconds: Number(value('--verify-max-seconds') ?? (quick ? 5 : 10)),
    bareSeconds: Number(value('--bare-seconds') ?? (quick ? 1 : 3)),
    passwordSeconds: Number(value('--password-seconds') ?? (quick ? 1.5 : 3)),
    connections: 50,
    profile: !pgOnly && (argv.includes('--profile') || (!quick && !argv.includes('--no-profile'))),
    taskpane: !pgOnly && !argv.includes('--no-taskpane'),
    api: !pgOnly && !argv.includes('--no-api'),
    pg: !argv.includes('--no-pg'),
    pgUsers: Number((value('--pg-users') ?? '10k').replace(/k$/i, '000').replace(/m$/i, '000000')),
    // Quick: a tiny run that exercises the section (cluster, seeding, both setups), not a figure to read.
    pgRequests: Number(value('--pg-requests') ?? (quick ? 600 : 6_000)),
    pgMaxSeconds: Number(value('--pg-max-seconds') ?? (quick ? 3 : 10)),
    pin: !argv.includes('--no-pin'),
    outDir: value('--out') ?? (pgOnly ? path.join(repo, 'build', 'bench', 'pg-only') : quick ? path.join(repo, 'build', 'bench') : path.join(repo, 'bench')),
    keep: argv.includes('--keep'),
    partsInQuick: argv.includes('--with-parts'),
    apiFull: argv.includes('--api-full'),
    variant: value('--variant') ?? null,
    serverNodeArgs: (value('--server-node-args') ?? productNodeArgs.join(' ')).split(/\s+/).filter(Boolean),
  };
}

/** The node options of `npm start` (package.json): the server is measured as it is run. */
const productNodeArgs = ['--max-semi-space-size=4'];

const log = (message: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

export { spread } from './verify-plan';

function machine(): Machine {
  return {
    nproc: os.availableParallelism?.() ?? os.cpus().length,
    cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    loadAverageStart: os.loadavg()[0] ?? 0,
    loadAverageEnd: 0,
  };
}

const serverEnv = (port: number, db: BenchDatabase, dataDir: string): Record<string, string> => ({
  PORT: String(port),
  HOST: '127.0.0.1',
  TLS: 'off',
  DATA_DIR: dataDir,
  DATABASE_URL: `sqlite:${db.file}`,
  SECRET_KEY: db.secretKey.toString('hex'),
  // Request logging off (warn): the figure is the route, not pino writing to a pipe.
  LOG_LEVEL: 'warn',
  // The harness plays the TLS-terminating proxy: X-Forwarded-For carries the client.
  TRUST_PROXY: '127.0.0.1',
  NODE_ENV: 'production',
  WEB_ROOT: path.join(dataDir, 'no-web-root'),
});

let serverPreload: string[] = [];

async function startServer(db: BenchDatabase, dataDir: string, extraNodeArgs: string[] = []): Promise<{ service: Service; baseUrl: string }> {
  const nodeArgs = [...serverPreload, ...extraNodeArgs];
  const port = await freePort();
  const env = { PATH: process.env.PATH ?? '', ...serverEnv(port, db, dataDir) };
  const service = await startService('api server', process.execPath, [...nodeArgs, serverMain], {
    env,
    cwd: dataDir,
    ready: /AXIS CloudSync 2FA server: (http:\/\/\S+)/,
    timeoutMs: 60_000,
  });
  return { service, baseUrl: `http://127.0.0.1:${port}` };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function verifyRound(db: BenchDatabase, baseUrl: string, n: number, o: Options, tmp: string, pid?: number) {
  const { plan, users, expectedAccepted } = await planVerify(db, n, o.connections, baseUrl, 120);
  plan.maxSeconds = o.verifyMaxSeconds;
  const rss = pid ? sampleRss(pid) : null;
  try {
    const cpuBefore = pid ? cpuSeconds(pid) : null;
    const result = await runLoad(plan, tmp);
    const cpuAfter = pid ? cpuSeconds(pid) : null;
    const cpuMsPerRequest = cpuBefore !== null && cpuAfter !== null && result.requests ? ((cpuAfter - cpuBefore) * 1000) / result.requests : null;
    return { result, cpuMsPerRequest, expectedShare: expectedAccepted / (plan.slots?.length ?? 1), rss: rss?.stop() ?? null };
  } finally {
    rss?.stop();
    // The next round starts these users afresh (as if their last sign-in were minutes ago).
    db.resetUsers(users);
  }
}

async function measureScale(db: BenchDatabase, users: number, o: Options, tmp: string, bareUrl: string, barePid: number, password: boolean) {
  log(`seeding to ${users.toLocaleString('en')} users…`);
  const seedSeconds = await db.growTo(users);
  log(`seeded in ${seedSeconds.toFixed(1)} s (${(db.fileBytes() / 1e6).toFixed(0)} MB)`);
  const dataDir = path.join(tmp, 'server');
  fs.mkdirSync(dataDir, { recursive: true });
  const { service, baseUrl } = await startServer(db, dataDir);
  let passwordResult: PasswordResult | undefined;
  try {
    await sleep(1000);
    const idleStartMb = rssMb(service.pid);
    log(`server up (pid ${service.pid}, RSS ${idleStartMb?.toFixed(0)} MB); warming up`);
    await runLoad({ baseUrl: bareUrl, mode: 'bare', connections: o.connections, durationSeconds: 1, timeoutSeconds: 20 }, tmp);
    await verifyRound(db, baseUrl, Math.min(1_000, o.verifyRequests), o, tmp);
    const bare: LoadResult[] = [];
    const verify: LoadResult[] = [];
    const ratios: number[] = [];
    let accepted = 0;
    let expected = 0;
    let underLoadMaxMb: number | null = null;
    const verifyCpu: number[] = [];
    const bareCpu: number[] = [];
    for (let r = 0; r < o.runs; r++) {
      const bareCpuBefore = cpuSeconds(barePid);
      const b = await runLoad({ baseUrl: bareUrl, mode: 'bare', connections: o.connections, durationSeconds: o.bareSeconds, timeoutSeconds: o.bareSeconds + 30 }, tmp);
      const bareCpuAfter = cpuSeconds(barePid);
      if (bareCpuBefore !== null && bareCpuAfter !== null && b.requests) bareCpu.push(((bareCpuAfter - bareCpuBefore) * 1000) / b.requests);
      const v = await verifyRound(db, baseUrl, o.verifyRequests, o, tmp, service.pid);
      if (v.cpuMsPerRequest !== null) verifyCpu.push(v.cpuMsPerRequest);
      bare.push(b);
      verify.push(v.result);
      ratios.push(v.result.rps / b.rps);
      accepted += v.result.statusCodes['200'] ?? 0;
      expected += v.expectedShare * v.result.requests;
      if (v.rss?.maxMb != null) underLoadMaxMb = Math.max(underLoadMaxMb ?? 0, v.rss.maxMb);
      log(
        `  ${users.toLocaleString('en')} users, round ${r + 1}/${o.runs}: bare ${b.rps.toFixed(0)} req/s; verify ${v.result.rps.toFixed(0)} req/s ` +
          `p50 ${v.result.latencyMs.p50} ms p99 ${v.result.latencyMs.p99} ms (${JSON.stringify(v.result.statusCodes)}); server CPU ${v.cpuMsPerRequest?.toFixed(2)} ms/request; RSS max ${v.rss?.maxMb?.toFixed(0)} MB`,
      );
    }
    const totalVerify = verify.reduce((a, v) => a + v.requests, 0);
    await sleep(1000);
    const idleAfterMb = rssMb(service.pid);

    if (password) passwordResult = await measurePassword(db, baseUrl, service.pid, o, tmp);
    const sqliteFloor = await floorAt(db, o);

    const scale: ScaleResult = {
      users,
      seedSeconds,
      dbMegabytes: db.fileBytes() / 1e6,
      bare,
      verify,
      bareRps: spread(bare.map((b) => b.rps)),
      verifyRps: spread(verify.map((v) => v.rps)),
      ratio: spread(ratios),
      verifyP50: spread(verify.map((v) => v.latencyMs.p50)),
      verifyP99: spread(verify.map((v) => v.latencyMs.p99)),
      verifyCpuMsPerRequest: spread(verifyCpu),
      bareCpuMsPerRequest: spread(bareCpu),
      accepted: totalVerify ? accepted / totalVerify : 0,
      acceptedExpected: totalVerify ? expected / totalVerify : 0,
      rss: { idleStartMb, underLoadMaxMb, idleAfterMb },
      sqliteFloor,
    };
    return { scale, password: passwordResult };
  } finally {
    await service.stop();
  }
}

/** The SQLite floor at this scale (the server idle meanwhile), on users drawn from the whole population (the rounds reset theirs). */
async function floorAt(db: BenchDatabase, o: Options): Promise<SqliteFloor | null> {
  const users = sample(db.userCount, o.quick ? 1_000 : 5_000);
  try {
    const floor = await measureSqliteFloor(db, users);
    log(`  SQLite floor: ${floor.cpuMsPerVerify.toFixed(3)} ms CPU per verify (${floor.statementsPerVerify} statements, ${floor.walFramesPerCommit.toFixed(1)} WAL frames per commit)`);
    return floor;
  } catch (error) {
    log(`  SQLite floor failed: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  } finally {
    db.resetUsers(users);
  }
}

async function measurePassword(db: BenchDatabase, baseUrl: string, serverPid: number, o: Options, tmp: string): Promise<PasswordResult> {
  const raw: PasswordResult['raw'] = [];
  const routeCpu: number[] = [];
  const route: LoadResult[] = [];
  const ratios: number[] = [];
  // Distinct users (the per-account limit allows 10 attempts per 15 minutes) and distinct client addresses.
  const users = sample(db.userCount, Math.min(db.userCount, 5_000));
  for (let r = 0; r < o.runs; r++) {
    const rawRun = await runNodeJson<PasswordResult['raw'][number]>(
      script('argon2-raw'),
      [String(o.passwordSeconds), String(o.connections)],
      (o.passwordSeconds + 60) * 1000,
    );
    const slice = users.slice((r * users.length) / o.runs, ((r + 1) * users.length) / o.runs);
    const cpuBefore = cpuSeconds(serverPid);
    const routeRun = await runLoad(
      {
        baseUrl,
        mode: 'password',
        connections: o.connections,
        // A fixed count sized from the raw rate (every sign-in completes and is counted, as in the raw loop).
        amount: Math.max(2 * o.connections, Math.round(rawRun.perSecond * o.passwordSeconds)),
        timeoutSeconds: o.passwordSeconds + 60,
        slots: slice.map((u) => [db.username(u), 0, 'valid']),
        password: benchPassword,
      },
      tmp,
    );
    const cpuAfter = cpuSeconds(serverPid);
    if (cpuBefore !== null && cpuAfter !== null && routeRun.requests) routeCpu.push(((cpuAfter - cpuBefore) * 1000) / routeRun.requests);
    raw.push(rawRun);
    route.push(routeRun);
    ratios.push(routeRun.rps / rawRun.perSecond);
    log(
      `  password round ${r + 1}/${o.runs}: raw argon2id ${rawRun.perSecond.toFixed(0)}/s; route ${routeRun.rps.toFixed(0)}/s ` +
        `p99 ${routeRun.latencyMs.p99} ms (${JSON.stringify(routeRun.statusCodes)}); CPU ${rawRun.cpuMsPerVerification.toFixed(1)} ms per raw verification, ${routeCpu[routeCpu.length - 1]?.toFixed(1)} ms per sign-in`,
    );
  }
  const total = route.reduce((a, r) => a + r.requests, 0);
  const ok = route.reduce((a, r) => a + (r.statusCodes['200'] ?? 0), 0);
  return {
    users: db.userCount,
    connections: o.connections,
    seconds: o.passwordSeconds,
    raw,
    route,
    rawPerSecond: spread(raw.map((r) => r.perSecond)),
    routePerSecond: spread(route.map((r) => r.rps)),
    ratio: spread(ratios),
    routeP99: spread(route.map((r) => r.latencyMs.p99)),
    rawCpuMsPerVerification: spread(raw.map((r) => r.cpuMsPerVerification)),
    routeCpuMsPerSignIn: spread(routeCpu),
    accepted: total ? ok / total : 0,
  };
}

async function profileVerify(db: BenchDatabase, o: Options, tmp: string) {
  const dataDir = path.join(tmp, 'server-profile');
  const profDir = path.join(tmp, 'cpu-profile');
  fs.mkdirSync(dataDir, { recursive: true });
  const spawned = Date.now();
  const { service, baseUrl } = await startServer(db, dataDir, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
  let skipMs = 0;
  try {
    await verifyRound(db, baseUrl, Math.min(1_000, o.verifyRequests), o, tmp);
    // Start-up and warm-up stay out of the summary: only the measured round counts.
    skipMs = Date.now() - spawned;
    await verifyRound(db, baseUrl, o.verifyRequests, o, tmp);
  } finally {
    await service.stop();
  }
  const file = fs.readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => path.join(profDir, f))[0];
  if (!file) throw new Error('no .cpuprofile written');
  const keep = path.join(o.outDir === path.join(repo, 'bench') ? path.join(repo, 'build', 'bench') : o.outDir, 'verify.cpuprofile');
  fs.mkdirSync(path.dirname(keep), { recursive: true });
  fs.copyFileSync(file, keep);
  const summary = summarizeProfile(keep, 15, skipMs);
  return { scaleUsers: db.userCount, summary, coarse: coarseShares(summary) };
}

function readScripts(): Record<string, string> {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  } catch {
    return {};
  }
}

/** Runs another engineer's benchmark script and reads the JSON file it writes; "not available" when either is missing. */
async function externalPart(scriptName: string, resultFile: string, o: Options, timeoutMs: number, env: NodeJS.ProcessEnv = {}, quickArgs = o.quick) {
  const scripts = readScripts();
  if (!scripts[scriptName]) return { available: false as const, reason: `no "${scriptName}" script in package.json` };
  const file = path.join(repo, resultFile);
  if (o.quick && !o.partsInQuick) {
    // The smoke run stays about a minute: it reads the part's latest file (exercising the
    // integration) instead of re-running it; the full run re-runs it.
    if (!fs.existsSync(file)) return { available: false as const, reason: `${resultFile} not there (quick runs do not run ${scriptName}; a full run does)` };
    const mtime = fs.statSync(file).mtime.toISOString();
    return { available: true as const, results: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, seconds: 0, reusedFrom: mtime };
  }
  const before = fs.existsSync(file) ? fs.statSync(file).mtimeMs : 0;
  const args = ['run', scriptName, ...(quickArgs ? ['--', '--quick'] : [])];
  log(`running npm ${args.join(' ')} (at most ${timeoutMs / 1000} s)…`);
  const started = Date.now();
  const finished = await runToEnd('npm', args, { timeoutMs, cwd: repo, group: true, env: { ...process.env, ...env } });
  const seconds = (Date.now() - started) / 1000;
  if (finished.timedOut) return { available: false as const, reason: `${scriptName} did not finish within ${timeoutMs / 1000} s` };
  if (finished.code !== 0) {
    const tail = (finished.stderr || finished.stdout).trim().split('\n').slice(-3).join(' / ');
    return { available: false as const, reason: `${scriptName} failed (exit ${finished.code}): ${tail.slice(0, 300)}` };
  }
  if (!fs.existsSync(file) || fs.statSync(file).mtimeMs <= before) {
    return { available: false as const, reason: `${scriptName} ran but did not write ${resultFile}` };
  }
  return { available: true as const, results: JSON.parse(fs.readFileSync(file, 'utf8')) as unknown, seconds, reusedFrom: null };
}

function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Finds a number in another part's JSON by trying a few likely key paths (their shape is theirs to choose). */
export function pick(obj: unknown, paths: string[]): number | null {
  for (const p of paths) {
    let cur: unknown = obj;
    for (const key of p.split('.')) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[key] : undefined;
    const n = num(cur);
    if (n !== null) return n;
  }
  return null;
}

function targets(results: BenchResults): Target[] {
  const out: Target[] = [];
  const first = results.scales[0];
  const last = results.scales[results.scales.length - 1];
  if (first) {
    out.push({
      id: 'verify-vs-bare',
      what: `Verify route req/s (${first.users.toLocaleString('en')} users, mix)`,
      comparedWith: 'bare Fastify JSON route, same rounds',
      runs: first.ratio.runs,
      value: first.ratio.median,
      unit: '× bare',
      target: '≥ 0.1 × bare',
      met: first.ratio.median >= 0.1,
    });
    out.push({
      id: 'verify-p99',
      what: `Verify route p99 latency at ${results.settings.connections} connections (${first.users.toLocaleString('en')} users)`,
      comparedWith: '—',
      runs: first.verifyP99.runs,
      value: first.verifyP99.median,
      unit: 'ms',
      target: '≤ 20 ms',
      met: first.verifyP99.median <= 20,
    });
  }
  // Issue 13: server CPU per verify at 10 k and at 1 M users (SQLite, the mix).
  for (const scaleUsers of [10_000, 1_000_000]) {
    const s = results.scales.find((x) => x.users === scaleUsers);
    const label = scaleUsers >= 1_000_000 ? '1 M' : '10 k';
    out.push({
      id: scaleUsers >= 1_000_000 ? 'cpu-1m' : 'cpu-10k',
      what: `Server CPU per verify (${label} users, SQLite, mix)`,
      comparedWith: s
        ? `user + system CPU of the API process ÷ answers; 1 / it = ${f0(1000 / s.verifyCpuMsPerRequest.median)} verifies/s on one core; bare route ${s.bareCpuMsPerRequest.median.toFixed(3)} ms` +
          (s.sqliteFloor ? `; SQLite floor (a valid verify's own statements replayed straight on better-sqlite3, section 1–2): ${s.sqliteFloor.cpuMsPerVerify.toFixed(2)} ms` : '')
        : `${label} users not measured in this run (--scales)`,
      runs: s ? s.verifyCpuMsPerRequest.runs : 0,
      value: s ? s.verifyCpuMsPerRequest.median : null,
      unit: 'ms',
      target: '≤ 0.25 ms',
      met: s ? s.verifyCpuMsPerRequest.median <= 0.25 : null,
    });
  }
  if (first && last && last !== first) {
    const normalized = last.ratio.median / first.ratio.median;
    out.push({
      id: 'scale',
      what: `Verify at ${last.users.toLocaleString('en')} users ÷ at ${first.users.toLocaleString('en')} (each normalized by the bare route of its own rounds)`,
      comparedWith: `${first.users.toLocaleString('en')} users; raw req/s ratio ${(last.verifyRps.median / first.verifyRps.median).toFixed(2)}; server CPU per verify ${last.verifyCpuMsPerRequest.median.toFixed(2)} vs ${first.verifyCpuMsPerRequest.median.toFixed(2)} ms`,
      runs: Math.min(first.ratio.runs, last.ratio.runs),
      value: normalized,
      unit: '×',
      target: last.users >= 1_000_000 ? '≥ 0.8 × the 10 k figure' : '≥ 0.8 (1 M users not measured in this run)',
      met: normalized >= 0.8,
    });
  }
  if (results.password.available) {
    out.push({
      id: 'password',
      what: 'Password sign-ins/s through the whole route',
      comparedWith: `raw argon2id verifications/s (same params, same concurrency), same rounds; CPU per sign-in ${results.password.routeCpuMsPerSignIn.median.toFixed(1)} ms vs ${results.password.rawCpuMsPerVerification.median.toFixed(1)} ms per raw verification`,
      runs: results.password.ratio.runs,
      value: results.password.ratio.median,
      unit: '× raw',
      target: '≥ 0.85 × raw',
      met: results.password.ratio.median >= 0.85,
    });
  }
  out.push(...postgresTargets(results));
  const rssValues = results.scales.map((s) => s.rss.underLoadMaxMb).filter((v): v is number => v !== null);
  out.push({
    id: 'memory',
    what: 'API process RSS under the verify load (max over all rounds and scales)',
    comparedWith: `idle at start: ${results.scales.map((s) => s.rss.idleStartMb?.toFixed(0) ?? '?').join(' / ')} MB`,
    runs: results.scales.reduce((a, s) => a + s.verify.length, 0),
    value: rssValues.length ? Math.max(...rssValues) : null,
    unit: 'MB',
    target: '≤ 150 MB',
    met: rssValues.length ? Math.max(...rssValues) <= 150 : null,
  });
  if (results.taskpane.available) {
    const r = results.taskpane.results;
    const kb = (n: number | null) => (n === null ? null : n / 1024);
    const gzipKb = kb(pick(r, ['taskpane.initialJs.gzipBytes', 'gate.initialJs.gzipBytes', 'taskpane.gzipBytes']));
    const minimalKb = kb(pick(r, ['minimal.initialJs.gzipBytes', 'minimal.gzipBytes']));
    const timeRatio = pick(r, ['ratio', 'timeRatio', 'promptRatio']);
    const appMs = pick(r, ['taskpane.codePromptVisibleMs.median']);
    const minimalMs = pick(r, ['minimal.buttonVisibleMs.median']);
    out.push({
      id: 'taskpane-gzip',
      what: 'Task pane initial JS (gzip)',
      comparedWith: `minimal React + Fluent page built the same way: ${minimalKb === null ? 'n/a' : minimalKb.toFixed(1)} KB`,
      runs: 1,
      value: gzipKb,
      unit: 'KB',
      target: '≤ 110 KB',
      met: gzipKb === null ? null : gzipKb <= 110,
    });
    out.push({
      id: 'taskpane-time',
      what: 'Task pane: navigation → code prompt visible, headless Chromium (median of fresh loads)',
      comparedWith: `minimal Fluent page, same run: ${appMs ?? 'n/a'} ms vs ${minimalMs ?? 'n/a'} ms`,
      runs: pick(r, ['loads', 'runs']) ?? 0,
      value: timeRatio,
      unit: '× minimal',
      target: '≤ 1.3 × minimal',
      met: timeRatio === null ? null : timeRatio <= 1.3,
    });
  }
  return out;
}

const f0 = (n: number) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en') : 'n/a');
const f2 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(2));

/** Issue 13: per-verify CPU of the API and of PostgreSQL, and two instances vs one. */
function postgresTargets(results: BenchResults): Target[] {
  const pg = results.postgres;
  if (!pg?.available) {
    const reason = pg ? pg.reason : 'not measured';
    return [
      { id: 'pg-cpu', what: 'PostgreSQL: CPU per verify, API process and database, reported separately', comparedWith: `not measured: ${reason}`, runs: 0, value: null, unit: 'ms', target: 'reported separately', met: null },
      { id: 'pg-two', what: 'PostgreSQL: two API instances ÷ one', comparedWith: `not measured: ${reason}`, runs: 0, value: null, unit: '×', target: '≥ 1.6 × one, or per-instance CPU per verify flat', met: null },
    ];
  }
  const api = pg.one.apiCpuMsPerVerify.median;
  const dbCpu = pg.one.dbCpuMsPerVerify.median;
  const raw = pg.twoToOne.median;
  const flat = pg.perInstanceCpuRatio.median;
  return [
    {
      id: 'pg-cpu',
      what: `PostgreSQL (${pg.users.toLocaleString('en')} users, mix, one instance): API process CPU per verify`,
      comparedWith: `database CPU per verify (postmaster + backends, /proc): ${f2(dbCpu)} ms; API + database ${f2(api + dbCpu)} ms`,
      runs: pg.one.apiCpuMsPerVerify.runs,
      value: api,
      unit: 'ms',
      target: 'reported separately (API and database)',
      met: Number.isFinite(api) && Number.isFinite(dbCpu),
    },
    {
      id: 'pg-two',
      what: 'PostgreSQL: two API instances ÷ one, req/s (raw, this machine)',
      comparedWith: `per-instance API CPU per verify, two vs one: ${f2(pg.two.apiCpuMsPerVerify.median)} vs ${f2(pg.one.apiCpuMsPerVerify.median)} ms = ${f2(flat)} × (flat: ≤ 1.15 ×); lock waits with two instances in ${pg.two.lockWaits ? `${pg.two.lockWaits.withWaiters} of ${pg.two.lockWaits.samples}` : 'n/a'} samples; ${pg.pinning ?? 'not pinned'}`,
      runs: pg.twoToOne.runs,
      value: raw,
      unit: '× one',
      target: '≥ 1.6 × one, or per-instance CPU per verify flat (≤ 1.15 ×) where the cores are shared',
      met: Number.isFinite(raw) && Number.isFinite(flat) ? raw >= 1.6 || flat <= 1.15 : null,
    },
  ];
}

function readHistory(file: string): HistoryEntry[] {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HistoryEntry[];
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  if (o.variant) {
    const module = fs.existsSync(o.variant) ? path.resolve(o.variant) : script(path.join('variants', o.variant));
    if (!fs.existsSync(module)) throw new Error(`--variant: neither ${o.variant} nor ${module} exists`);
    serverPreload = ['-r', module];
    if (o.outDir === path.join(repo, 'bench')) o.outDir = path.join(repo, 'build', 'bench', `variant-${path.basename(module, '.js')}`);
  }
  serverPreload.push(...o.serverNodeArgs);
  const started = new Date();
  const m = machine();
  log(`${o.quick ? 'quick' : 'full'} run on ${m.nproc} × ${m.cpuModel}, node ${m.node}, load average ${m.loadAverageStart.toFixed(2)}`);
  for (const needed of [serverMain, script('load')]) {
    if (!fs.existsSync(needed)) throw new Error(`${needed} is missing: run through "npm run bench" (it compiles first)`);
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-bench-'));
  const warnings: string[] = [];
  const results: BenchResults = {
    schema: 1,
    mode: o.quick ? 'quick' : 'full',
    command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    startedAt: started.toISOString(),
    finishedAt: '',
    machine: m,
    settings: {
      connections: o.connections,
      runs: o.runs,
      verifyRequestsPerRun: o.verifyRequests,
      verifyMaxSeconds: o.verifyMaxSeconds,
      bareSeconds: o.bareSeconds,
      passwordSeconds: o.passwordSeconds,
      scales: o.scales,
      variant: o.variant,
      serverNodeArgs: o.serverNodeArgs,
      mix,
      serverEnv: Object.fromEntries(
        Object.entries(serverEnv(0, { file: '<tmp>/cloudsync.db', secretKey: Buffer.alloc(0) } as BenchDatabase, '<tmp>')).map(([k, v]) => [
          k,
          k === 'SECRET_KEY' ? '<random per run>' : k === 'PORT' ? '<free port>' : v,
        ]),
      ),
    },
    scales: [],
    password: { available: false, reason: 'not measured' },
    taskpane: { available: false, reason: 'not measured' },
    api: { available: false, reason: 'not measured' },
    postgres: { available: false, reason: 'not measured' },
    profile: { available: false, reason: o.profile ? 'not measured' : 'not asked for (--profile)' },
    targets: [],
    warnings,
  };
  let bare: Service | undefined;
  let db: BenchDatabase | undefined;
  try {
    db = await createBenchDatabase(path.join(tmp, 'db'), crypto.randomBytes(32));
    bare = await startService('bare fastify', process.execPath, [script('bare-server')], { ready: /ready (\d+)/, timeoutMs: 30_000 });
    const bareUrl = `http://127.0.0.1:${bare.match[1]}`;
    for (const [i, users] of o.scales.entries()) {
      const { scale, password } = await measureScale(db, users, o, tmp, bareUrl, bare.pid, i === 0);
      results.scales.push(scale);
      if (password) results.password = { available: true, ...password };
      if (scale.accepted < scale.acceptedExpected * 0.9) {
        warnings.push(
          `${users} users: ${(scale.accepted * 100).toFixed(1)} % of verify requests accepted, the plan expected ${(scale.acceptedExpected * 100).toFixed(1)} %`,
        );
      }
    }
    await bare.stop();
    bare = undefined;
    if (o.profile) {
      log('profiling the server under the verify load (node --cpu-prof)…');
      try {
        results.profile = { available: true, ...(await profileVerify(db, o, tmp)) };
      } catch (error) {
        results.profile = { available: false, reason: String(error) };
      }
    }
    db.close();
    db = undefined;
    if (o.pg) {
      log('PostgreSQL section: verify mix on a private cluster, one and two API instances…');
      try {
        results.postgres = await measurePostgres({
          users: o.pgUsers,
          runs: o.runs,
          requests: o.pgRequests,
          maxSeconds: o.pgMaxSeconds,
          warmRequests: o.quick ? 200 : 2_000,
          connections: o.connections,
          pin: o.pin,
          serverMain,
          serverNodeArgs: serverPreload,
          tmp,
          log,
        });
      } catch (error) {
        results.postgres = { available: false, reason: `failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500) };
      }
      if (!results.postgres.available) log(`PostgreSQL section skipped: ${results.postgres.reason}`);
    } else results.postgres = { available: false, reason: 'skipped (--no-pg)' };
    if (o.taskpane) results.taskpane = await externalPart('bench:taskpane', 'bench/taskpane-results.json', o, 10 * 60_000, o.quick ? { BENCH_LOADS: '5' } : {});
    else results.taskpane = { available: false, reason: 'skipped (--no-taskpane)' };
    // bench:api's own full mode takes several minutes more; the full harness runs its quick mode unless --api-full.
    if (o.api) results.api = await externalPart('bench:api', 'bench/api-results.json', o, 10 * 60_000, {}, o.quick || !o.apiFull);
    else results.api = { available: false, reason: 'skipped (--no-api)' };
  } finally {
    await bare?.stop();
    db?.close();
    if (!o.keep) fs.rmSync(tmp, { recursive: true, force: true });
    else log(`kept ${tmp}`);
  }
  results.machine.loadAverageEnd = os.loadavg()[0] ?? 0;
  results.finishedAt = new Date().toISOString();
  results.targets = targets(results);

  fs.mkdirSync(o.outDir, { recursive: true });
  const historyFile = path.join(o.outDir, 'history.json');
  const previous = readHistory(historyFile);
  const history = [historyEntry(results), ...previous].slice(0, 20);
  // The before → now table's baseline stays in the history however many runs follow it.
  const baseline = baselineEntry(previous);
  if (baseline && !history.includes(baseline)) history.push(baseline);
  const jsonName = o.quick && o.outDir === path.join(repo, 'bench') ? 'results-quick.json' : 'results.json';
  fs.writeFileSync(path.join(o.outDir, jsonName), JSON.stringify(results, null, 2) + '\n');
  fs.writeFileSync(historyFile, JSON.stringify(history, null, 2) + '\n');
  fs.writeFileSync(path.join(o.outDir, o.quick && o.outDir === path.join(repo, 'bench') ? 'RESULTS-quick.md' : 'RESULTS.md'), renderMarkdown(results, history, baselineEntry(readHistory(path.join(repo, 'bench', 'history.json')))));
  log(`wrote ${path.relative(repo, path.join(o.outDir, jsonName))} and RESULTS.md in ${path.relative(repo, o.outDir) || '.'}`);
  for (const t of results.targets) {
    log(`  ${t.met === null ? '?' : t.met ? 'met   ' : 'MISSED'} ${t.what}: ${t.value === null ? 'n/a' : t.value.toFixed(2)} ${t.unit} (target ${t.target})`);
  }
  for (const w of warnings) log(`warning: ${w}`);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  stopAllChildren();
  process.exit(1);
});
