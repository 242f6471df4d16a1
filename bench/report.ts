/** bench/RESULTS.md from a run's results: targets first, then each measurement, the profile, and a short history. */
/* eslint-disable @typescript-eslint/no-explicit-any -- other parts' result files are read loosely: their shape is theirs */
import type { BenchResults, HistoryEntry, PgSetupResult, Spread } from './types';

const f0 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : Math.round(n).toLocaleString('en'));
const f1 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(1));
const f2 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? 'n/a' : n.toFixed(2));
const pct = (n: number) => `${(n * 100).toFixed(1)} %`;
const users = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000} M` : n >= 1_000 ? `${n / 1_000} k` : String(n));
/** "median (min–max)" */
const s0 = (s: Spread | undefined) => (!s ? 'n/a' : s.runs > 1 ? `${f0(s.median)} (${f0(s.min)}–${f0(s.max)})` : f0(s.median));
const s1 = (s: Spread | undefined) => (!s ? 'n/a' : s.runs > 1 ? `${f1(s.median)} (${f1(s.min)}–${f1(s.max)})` : f1(s.median));
const s2 = (s: Spread | undefined) => (!s ? 'n/a' : s.runs > 1 ? `${f2(s.median)} (${f2(s.min)}–${f2(s.max)})` : f2(s.median));

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function historyEntry(r: BenchResults): HistoryEntry {
  const first = r.scales[0];
  const last = r.scales[r.scales.length - 1];
  const t = (id: string) => r.targets.find((x) => x.id === id)?.value ?? null;
  return {
    finishedAt: r.finishedAt,
    mode: r.mode,
    nproc: r.machine.nproc,
    cpuModel: r.machine.cpuModel,
    node: r.machine.node,
    loadAverage: r.machine.loadAverageStart,
    verifyRps10k: first ? first.verifyRps.median : null,
    bareRps: first ? first.bareRps.median : null,
    verifyToBare: first ? first.ratio.median : null,
    verifyP99: first ? first.verifyP99.median : null,
    scale1MTo10k: last && first && last !== first && last.users >= 1_000_000 ? last.ratio.median / first.ratio.median : null,
    passwordToRaw: r.password.available ? r.password.ratio.median : null,
    rssUnderLoadMb: num(t('memory')),
    taskpaneGzipKb: num(t('taskpane-gzip')),
    taskpaneTimeRatio: num(t('taskpane-time')),
    verifyCpuMs10k: num(t('cpu-10k')),
    verifyCpuMs1M: num(t('cpu-1m')),
    passwordCpuMs: r.password.available ? num(r.password.routeCpuMsPerSignIn.median) : null,
    rawArgon2CpuMs: r.password.available ? num(r.password.rawCpuMsPerVerification.median) : null,
    pgApiCpuMs: r.postgres?.available ? num(r.postgres.one.apiCpuMsPerVerify.median) : null,
    pgDbCpuMs: r.postgres?.available ? num(r.postgres.one.dbCpuMsPerVerify.median) : null,
    pgTwoToOne: r.postgres?.available ? num(r.postgres.twoToOne.median) : null,
    pgPerInstanceCpuRatio: r.postgres?.available ? num(r.postgres.perInstanceCpuRatio.median) : null,
  };
}

/** The run issue 13 starts from: the newest full run of that day in the committed history. */
export const baselineDay = '2026-12-01';

export function baselineEntry(history: HistoryEntry[]): HistoryEntry | null {
  return history.find((h) => h.mode === 'full' && h.finishedAt.startsWith(baselineDay)) ?? null;
}

/** "before (2026-12-01) → now" for the main figures; a figure the baseline did not record says so. */
function beforeAfter(before: HistoryEntry | null, now: HistoryEntry): string[] {
  if (!before) return [`No full run of ${baselineDay} in bench/history.json: no before/after table.`];
  const rows: [string, number | null | undefined, number | null | undefined, (n: number) => string, string][] = [
    ['Server CPU per verify, 10 k users (SQLite)', before.verifyCpuMs10k, now.verifyCpuMs10k, (n) => `${n.toFixed(2)} ms`, '≤ 0.25 ms'],
    ['Server CPU per verify, 1 M users (SQLite)', before.verifyCpuMs1M, now.verifyCpuMs1M, (n) => `${n.toFixed(2)} ms`, '≤ 0.25 ms'],
    ['Verify req/s, 10 k users', before.verifyRps10k, now.verifyRps10k, (n) => f0(n), '—'],
    ['Verify ÷ bare Fastify', before.verifyToBare, now.verifyToBare, (n) => n.toFixed(3), '≥ 0.1'],
    ['Verify p99 at 50 connections', before.verifyP99, now.verifyP99, (n) => `${f0(n)} ms`, '≤ 20 ms'],
    ['Password route ÷ raw argon2id', before.passwordToRaw, now.passwordToRaw, (n) => n.toFixed(2), '≥ 0.85'],
    ['Server CPU per password sign-in (raw argon2id)', before.passwordCpuMs, now.passwordCpuMs, (n) => `${n.toFixed(1)} ms`, '—'],
    ['PostgreSQL: API CPU per verify', before.pgApiCpuMs, now.pgApiCpuMs, (n) => `${n.toFixed(2)} ms`, 'reported'],
    ['PostgreSQL: database CPU per verify', before.pgDbCpuMs, now.pgDbCpuMs, (n) => `${n.toFixed(2)} ms`, 'reported'],
    ['PostgreSQL: two instances ÷ one (raw req/s)', before.pgTwoToOne, now.pgTwoToOne, (n) => n.toFixed(2), '≥ 1.6 or flat CPU'],
    ['PostgreSQL: per-instance CPU per verify, two ÷ one', before.pgPerInstanceCpuRatio, now.pgPerInstanceCpuRatio, (n) => n.toFixed(2), '≤ 1.15 (flat)'],
    ['API RSS under load', before.rssUnderLoadMb, now.rssUnderLoadMb, (n) => `${f0(n)} MB`, '≤ 150 MB'],
    ['Task pane initial JS (gzip)', before.taskpaneGzipKb, now.taskpaneGzipKb, (n) => `${n.toFixed(1)} KB`, '≤ 110 KB'],
    ['Task pane → code prompt ÷ minimal page', before.taskpaneTimeRatio, now.taskpaneTimeRatio, (n) => n.toFixed(2), '≤ 1.3'],
  ];
  const cell = (v: number | null | undefined, fmt: (n: number) => string, missing: string) => (v === null || v === undefined || !Number.isFinite(v) ? missing : fmt(v));
  return [
    `| Figure | Before (${before.finishedAt.slice(0, 16).replace('T', ' ')}, ${before.mode}, ${before.nproc} × ${before.cpuModel}) | Now (${now.finishedAt.slice(0, 16).replace('T', ' ')}, ${now.mode}, ${now.nproc} × ${now.cpuModel}) | Target |`,
    '|---|---:|---:|---|',
    ...rows.map(([what, b, n, fmt, target]) => `| ${what} | ${cell(b, fmt, 'not measured then')} | ${cell(n, fmt, 'not in this run')} | ${target} |`),
    '',
    `Before = the newest full run of ${baselineDay} in bench/history.json (the state issue 13 started from); now = this run${now.mode === 'quick' ? ' — a quick run: 1 round, short runs, not a figure to compare' : ''}. Load average then ${f2(before.loadAverage)}, now ${f2(now.loadAverage)}.`,
  ];
}

function jsonBlock(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return '```json\n' + (text.length > 4000 ? text.slice(0, 4000) + '\n…' : text) + '\n```';
}

function provenance(part: { seconds: number; reusedFrom: string | null }, file: string): string {
  return part.reusedFrom
    ? `Not re-run by this quick run: the figures of ${file} as last written (${part.reusedFrom.slice(0, 19).replace('T', ' ')} UTC).`
    : `Run by this harness in ${f0(part.seconds)} s; figures from ${file}:`;
}

function lockWaits(x: PgSetupResult): string {
  const w = x.lockWaits;
  return !w ? 'not sampled' : `in ${w.withWaiters} of ${w.samples} samples (${w.waiters} waiting backend${w.waiters === 1 ? '' : 's'} in all)`;
}

function postgresSection(r: BenchResults): string[] {
  const pg = r.postgres;
  if (!pg) return ['Not measured (a results file from before this section existed).'];
  if (!pg.available) return [`Skipped: ${pg.reason}.`];
  const setup = (x: typeof pg.one) =>
    `| ${x.instances} | ${s0(x.rps)} | ${s1(x.p50)} | ${s1(x.p99)} | ${s2(x.apiCpuMsPerVerify)} ms${x.instances > 1 ? ` (${x.apiCpuMsPerVerifyByInstance.map((i) => f2(i.median)).join(' / ')})` : ''} | ${s2(x.dbCpuMsPerVerify)} ms | ${pct(x.accepted)} (${pct(x.acceptedExpected)}) |`;
  return [
    `PostgreSQL ${pg.version}, a private cluster started by the harness (initdb, 127.0.0.1, default settings: fsync and synchronous_commit on; files on ${pg.storage}), ${users(pg.users)} users seeded in ${f1(pg.seedSeconds)} s (${f0(pg.dbMegabytes)} MB). The product's server, the same build, node options and verify mix as section 1–2; the server's default pool (DATABASE_POOL_SIZE 10 per instance). Each round: ${pg.requestsPerRun.toLocaleString('en')} verify requests (or ${pg.maxSeconds} s) at ${pg.connections} connections, first to one instance, then split over two instances on the same database (one autocannon process per instance, ${Math.floor(pg.connections / 2)} connections and half the requests each, disjoint users), the order alternating between rounds.`,
    '',
    '| Instances | req/s (all) | p50 ms | p99 ms (worst instance) | API CPU per verify, per instance | Database CPU per verify | Accepted (expected) |',
    '|---:|---:|---:|---:|---:|---:|---:|',
    setup(pg.one),
    setup(pg.two),
    '',
    `- **API CPU per verify**: user + system CPU of each API process (/proc/<pid>/stat) over the run ÷ the answers it gave. **Database CPU per verify**: user + system CPU of the cluster's processes (the postmaster and all its children: backends, WAL writer, checkpointer, autovacuum; /proc/<pid>/stat, plus the postmaster's reaped-children time) over the run ÷ all answers. One verify costs the machine ≈ API + database: ${f2(pg.one.apiCpuMsPerVerify.median + pg.one.dbCpuMsPerVerify.median)} ms here. An idle API instance used ${(pg.idleCpuMsPerSecond ?? []).map((x) => f1(x)).join(' / ') || 'n/a'} ms of CPU per second (2 s after the warm-up): a fixed cost included in the per-verify figures, which weighs more when req/s is low.`,
    `- **Lock waits** (backends of the bench database waiting for a row or table lock, pg_stat_activity sampled every 50 ms during the rounds): ${lockWaits(pg.one)} with one instance, ${lockWaits(pg.two)} with two. Two instances on disjoint users add no waiting for each other when this stays at zero: their extra CPU per verify is then the machine's cores being shared, not work the product repeats.`,
    `- **Two instances ÷ one**: ${s2(pg.twoToOne)} × in raw req/s (per round, back-to-back rounds paired); per-instance API CPU per verify two ÷ one: ${s2(pg.perInstanceCpuRatio)} ×. ${pg.pinning ? `Placement: ${pg.pinning}.` : 'Not pinned (no taskset, one core, or --no-pin).'} On ${r.machine.nproc} cores shared by two API processes, PostgreSQL and the load generators (and by whatever else runs on this machine), two instances cannot reach 1.6 × one; what scale-out needs is that an instance's cost per verify does not grow when another instance shares the database (no lock waits turned into CPU, no retries): a per-instance CPU ratio ≈ 1 means each instance, given a core of its own, would serve what one instance serves on one core (≈ 1 / its CPU per verify), as long as the database keeps up (its CPU per verify is in the table).`,
  ];
}

export function renderMarkdown(r: BenchResults, history: HistoryEntry[], baseline: HistoryEntry | null = null): string {
  const m = r.machine;
  const machineLine = `${m.nproc} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ${m.platform}`;
  const lines: string[] = [];
  const p = (...l: string[]) => lines.push(...l);

  p(
    '# Benchmark results',
    '',
    `Generated by \`${r.command}\` (bench/run.ts) — do not edit by hand; the analysis lives in docs/benchmarks.md.`,
    '',
    ...(r.settings.variant ? [`- **Experiment:** server started with \`${r.settings.variant}\` preloaded — not the product as shipped.`] : []),
    `- **Run:** ${r.mode}, ${r.startedAt.slice(0, 19).replace('T', ' ')} → ${r.finishedAt.slice(11, 19)} UTC`,
    `- **Machine:** ${machineLine}`,
    `- **Load average (1 min) at start / end:** ${f2(m.loadAverageStart)} / ${f2(m.loadAverageEnd)} — the machine is shared; absolute figures drift, ratios measured in the same rounds hold.`,
    `- **Load:** autocannon in its own process, ${r.settings.connections} connections, 127.0.0.1, pipelining 1; ${r.settings.runs} round(s) per figure, each round = bare route ${r.settings.bareSeconds} s, then verify ${r.settings.verifyRequestsPerRun.toLocaleString('en')} requests (or ${r.settings.verifyMaxSeconds} s, whichever ends first). Figures: median (min–max) over the rounds.`,
    '',
    '## Targets',
    '',
    '| What | Compared with | Runs | Figure | Target | Met |',
    '|---|---|---:|---:|---|:--:|',
  );
  for (const t of r.targets) {
    const value = t.value === null ? 'n/a' : t.unit === 'ms' || t.unit === 'MB' || t.unit === 'KB' ? `${f1(t.value)} ${t.unit}` : `${f2(t.value)} ${t.unit}`;
    p(`| ${t.what} | ${t.comparedWith} | ${t.runs} | ${value} | ${t.target} | ${t.met === null ? '?' : t.met ? 'yes' : '**no**'} |`);
  }
  if (r.warnings.length) p('', ...r.warnings.map((w) => `- ⚠ ${w}`));

  p('', `## Before (${baselineDay}) → now`, '', ...beforeAfter(baseline, history[0] ?? historyEntry(r)));

  p(
    '',
    '## 1–2. Verify route (POST /api/v1/auth/verify, TOTP) vs bare Fastify, by number of users',
    '',
    'Server: the product\'s own build (src/server/main.ts), SQLite file (WAL, synchronous = NORMAL), one process; bare: Fastify 5 `GET /bare` → `{"hello":"world"}` in another process, measured in the same rounds.',
    '',
    '| Users | Seeded in | DB | Bare req/s | Verify req/s | Verify ÷ bare | p50 ms | p99 ms | Server CPU per verify | per bare request | Accepted (expected) | RSS idle → load max → idle after |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const s of r.scales) {
    p(
      `| ${users(s.users)} | ${f1(s.seedSeconds)} s | ${f0(s.dbMegabytes)} MB | ${s0(s.bareRps)} | ${s0(s.verifyRps)} | ${s2(s.ratio)} | ${s1(s.verifyP50)} | ${s1(s.verifyP99)} | ${s2(s.verifyCpuMsPerRequest)} ms | ${s2(s.bareCpuMsPerRequest)} ms | ${pct(s.accepted)} (${pct(s.acceptedExpected)}) | ${f0(s.rss.idleStartMb)} → ${f0(s.rss.underLoadMaxMb)} → ${f0(s.rss.idleAfterMb)} MB |`,
    );
  }
  const mix = r.settings.mix;
  p(
    '',
    'Server CPU per request = user + system CPU time of the server process (/proc/<pid>/stat) over the run ÷ requests answered: a cost figure that other processes on the machine barely move, unlike req/s. 1 / that figure is the most one core could serve.',
    '',
    `Mix per verify run: ${pct(mix.validFirstTry)} valid codes at the first try; ${pct(mix.typoThenValid)} typo-then-correction pairs (a wrong code, then the valid code on the same pending token); ${pct(mix.replay)} replays (a second sign-in attempt of a just-accepted user sending the very same code: refused); ${pct(mix.guess)} guesses by an attacker holding the password of a few accounts (${mix.guessesPerTargetAccount} guesses per account, so those accounts reach the growing delay). Every ordinary request is for a different random user across the whole population, so the per-account throttle is exercised as in life (at most one failure before a success) rather than locking a few hot accounts. Each request spends a pending token seeded in bulk just before the run; users used in a round have their TOTP step and throttle state reset before the next round.`,
  );

  const floors = r.scales.filter((s) => s.sqliteFloor);
  if (floors.length) {
    p(
      '',
      '### The database floor (bench/sqlite-floor.ts)',
      '',
      "What the database work of one valid verify costs with nothing else running: the statements the product runs for it (recorded through its own services on this database, then replayed with other users' ids straight on better-sqlite3 with the server's pragmas: no HTTP, no Fastify, no Kysely), checkpoints included. No change above the database can take the server's CPU per verify below this.",
      '',
      '| Users | Statements | CPU per verify | of which system (kernel: WAL writes, locks) | COMMIT share of the wall time | WAL frames (pages) per commit | Server CPU per verify (mix) | Floor ÷ server |',
      '|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const s of floors) {
      const f = s.sqliteFloor!;
      p(
        `| ${users(s.users)} | ${f.statementsPerVerify} | ${f.cpuMsPerVerify.toFixed(3)} ms | ${f.systemCpuMsPerVerify.toFixed(3)} ms | ${pct(f.commitShareOfWall)} | ${f1(f.walFramesPerCommit)} | ${s2(s.verifyCpuMsPerRequest)} ms | ${(f.cpuMsPerVerify / s.verifyCpuMsPerRequest.median).toFixed(2)} |`,
      );
    }
    p('', `Statements replayed, in order: ${floors[0]!.sqliteFloor!.statements.map((x) => `\`${x.split(' ').length > 3 ? `${x.split(' ').slice(0, 3).join(' ')} …` : x}\``).join(', ')}. The server's figure is per request of the mix (a refused code runs fewer statements than a valid one), so the ratio understates the floor's share of a valid verify.`);
  }

  p('', '## 3. Password sign-in (POST /api/v1/auth/password) vs raw argon2id', '');
  if (r.password.available) {
    const pw = r.password;
    p(
      `argon2id m = 19456 KiB, t = 2, p = 1 (the product's parameters) in both. Raw: a separate Node process running ${pw.connections} verifications in flight for ${pw.seconds} s; route: autocannon at ${pw.connections} connections, as many sign-ins as the raw loop did in ${pw.seconds} s, each sign-in a distinct user from a distinct client address, at ${users(pw.users)} users. Same rounds, alternating.`,
      '',
      '| Raw argon2id verifications/s | Route sign-ins/s | Route ÷ raw | Route p99 ms | CPU per raw verification | Server CPU per sign-in | Answered 200 |',
      '|---:|---:|---:|---:|---:|---:|---:|',
      `| ${s0(pw.rawPerSecond)} | ${s0(pw.routePerSecond)} | ${s2(pw.ratio)} | ${s0(pw.routeP99)} | ${s1(pw.rawCpuMsPerVerification)} ms | ${s1(pw.routeCpuMsPerSignIn)} ms | ${pct(pw.accepted)} |`,
    );
  } else p(`Not available: ${r.password.reason}`);

  p('', '## 4. Task pane (`npm run bench:taskpane`)', '');
  if (r.taskpane.available) {
    p(provenance(r.taskpane, 'bench/taskpane-results.json'), '');
    const t = r.taskpane.results as Record<string, any>;
    const tp = t?.taskpane;
    const mn = t?.minimal;
    if (tp?.initialJs && mn?.initialJs) {
      p(
        `Fresh loads each: ${t.loads ?? '?'}; machine as reported by the part: ${JSON.stringify(t.machine ?? {})}.`,
        '',
        '| Page | Initial JS | gzip | To prompt visible, median (min–max) |',
        '|---|---:|---:|---:|',
        `| Task pane (code prompt) | ${f1(tp.initialJs.bytes / 1024)} KB | ${f1(tp.initialJs.gzipBytes / 1024)} KB | ${f1(tp.codePromptVisibleMs?.median)} ms (${f1(tp.codePromptVisibleMs?.min)}–${f1(tp.codePromptVisibleMs?.max)}) |`,
        `| Minimal React + Fluent page | ${f1(mn.initialJs.bytes / 1024)} KB | ${f1(mn.initialJs.gzipBytes / 1024)} KB | ${f1(mn.buttonVisibleMs?.median)} ms (${f1(mn.buttonVisibleMs?.min)}–${f1(mn.buttonVisibleMs?.max)}) |`,
        '',
        `Time ratio ${f2(num(t.ratio))} (target ≤ 1.3); initial gzip target ≤ 110 KB.`,
      );
    } else p(jsonBlock(r.taskpane.results));
  } else p(`Not available: ${r.taskpane.reason}`);

  p('', '## 5. Memory', '');
  p(
    'RSS of the API server process (/proc/<pid>/status VmRSS, sampled every 100 ms during each verify run): see the last column of the verify table; the target row above takes the maximum over all rounds and scales.',
  );

  p('', '## 6. Verify route on PostgreSQL: API and database CPU, one and two instances', '', ...postgresSection(r));

  p('', '## 7. Verify route on SQLite and PostgreSQL, 1 and 2 instances, valid codes only (`npm run bench:api`)', '');
  if (r.api.available) {
    p(provenance(r.api, 'bench/api-results.json'), '');
    const a = r.api.results as Record<string, any>;
    if (Array.isArray(a?.routes)) {
      p(
        `Settings as reported by the part: ${JSON.stringify(a.settings ?? {})}; machine: ${JSON.stringify(a.machine ?? {})}. Every verify request there is a valid code (no mix).`,
        '',
        '| Route | Store | Instances | Requests | req/s | × bare | p50 ms | p99 ms | Failures |',
        '|---|---|---:|---:|---:|---:|---:|---:|---:|',
        ...a.routes.map(
          (x: any) =>
            `| ${x.name} | ${x.store} | ${x.instances} | ${f0(num(x.requests))} | ${f0(num(x.requestsPerSecond))} | ${f2(num(x.ofBare))} | ${f1(num(x.p50Ms))} | ${f1(num(x.p99Ms))} | ${f0(num(x.failures))} |`,
        ),
      );
      if (Array.isArray(a.breakdown)) p('', 'Per-verify breakdown as reported by the part:', '', jsonBlock(a.breakdown));
    } else p(jsonBlock(r.api.results));
  } else p(`Not available: ${r.api.reason}`);

  p('', '## 8. Where the verify route\'s time goes (node --cpu-prof)', '');
  if (r.profile.available) {
    const pr = r.profile;
    p(
      `One extra verify run at ${users(pr.scaleUsers)} users with the server under \`node --cpu-prof\` (not counted in the figures above). Busy ${f0(pr.summary.busyMs)} ms of ${f0(pr.summary.totalMs)} ms profiled; shares of the busy time:`,
      '',
      '| Where | Share |',
      '|---|---:|',
      ...Object.entries(pr.coarse)
        .sort((a, b) => b[1] - a[1])
        .map(([k, v]) => `| ${k} | ${pct(v)} |`),
      '',
      '<details><summary>By component and by function (self time)</summary>',
      '',
      '| Component | Self ms | Share |',
      '|---|---:|---:|',
      ...pr.summary.components.slice(0, 20).map((c) => `| ${c.name} | ${f0(c.ms)} | ${pct(c.share)} |`),
      '',
      '| Function | Component | Self ms | Share |',
      '|---|---|---:|---:|',
      ...pr.summary.functions.map((fn) => `| \`${fn.name.replace(/\|/g, '\\|')}\` | ${fn.component} | ${f0(fn.ms)} | ${pct(fn.share)} |`),
      '',
      '</details>',
    );
  } else p(`Not available: ${r.profile.reason}`);

  p(
    '',
    '## History (newest first)',
    '',
    '| Finished (UTC) | Mode | Machine | Load avg | Verify req/s (10 k) | Verify ÷ bare | CPU per verify 10 k / 1 M ms | p99 ms | 1 M ÷ 10 k | Password ÷ raw | PostgreSQL API / DB CPU ms | PostgreSQL 2 ÷ 1 | RSS MB | Task pane gzip KB | Task pane × minimal |',
    '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...history
      .slice(0, 10)
      .map(
        (h) =>
          `| ${h.finishedAt.slice(0, 16).replace('T', ' ')} | ${h.mode} | ${h.nproc} × ${h.cpuModel.split(' ').slice(0, 3).join(' ')}, ${h.node} | ${f2(h.loadAverage)} | ${f0(h.verifyRps10k)} | ${f2(h.verifyToBare)} | ${f2(h.verifyCpuMs10k)} / ${f2(h.verifyCpuMs1M)} | ${f1(h.verifyP99)} | ${f2(h.scale1MTo10k)} | ${f2(h.passwordToRaw)} | ${f2(h.pgApiCpuMs)} / ${f2(h.pgDbCpuMs)} | ${f2(h.pgTwoToOne)} | ${f0(h.rssUnderLoadMb)} | ${f1(h.taskpaneGzipKb)} | ${f2(h.taskpaneTimeRatio)} |`,
      ),
    '',
  );
  return lines.join('\n');
}
