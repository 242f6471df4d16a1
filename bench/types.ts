/** The shape of bench/results.json (one run of `npm run bench`). */
import type { LoadResult } from './load';
import type { ProfileSummary } from './profile';

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  node: string;
  platform: string;
  memoryGb: number;
  /** 1-minute load average at the start and the end: how busy the (shared) machine was. */
  loadAverageStart: number;
  loadAverageEnd: number;
}

export interface VerifyMix {
  /** Shares of requests. */
  validFirstTry: number;
  typoThenValid: number;
  replay: number;
  guess: number;
  guessesPerTargetAccount: number;
}

export interface ScaleResult {
  users: number;
  seedSeconds: number;
  dbMegabytes: number;
  bare: LoadResult[];
  verify: LoadResult[];
  /** Summaries over the runs. */
  bareRps: Spread;
  verifyRps: Spread;
  /** verify ÷ bare, per round (same moment), then median/min/max. */
  ratio: Spread;
  verifyP50: Spread;
  verifyP99: Spread;
  /**
   * CPU time (user + system) the server process spent per request, from
   * /proc/<pid>/stat around each run: unlike req/s, barely moved by other
   * processes competing for the cores.
   */
  verifyCpuMsPerRequest: Spread;
  bareCpuMsPerRequest: Spread;
  /** Share of verify requests answered 200, and the share the plan expected. */
  accepted: number;
  acceptedExpected: number;
  rss: { idleStartMb: number | null; underLoadMaxMb: number | null; idleAfterMb: number | null };
  /** The database work alone: the product's verify statements replayed on better-sqlite3 (null when it failed). */
  sqliteFloor?: SqliteFloor | null;
}

export interface PasswordResult {
  users: number;
  connections: number;
  seconds: number;
  raw: { verifications: number; seconds: number; perSecond: number; cpuMsPerVerification: number }[];
  route: LoadResult[];
  rawPerSecond: Spread;
  routePerSecond: Spread;
  /** route ÷ raw, per round. */
  ratio: Spread;
  routeP99: Spread;
  /** CPU (all threads) per raw verification, and the server's CPU per sign-in through the route. */
  rawCpuMsPerVerification: Spread;
  routeCpuMsPerSignIn: Spread;
  /** Share of sign-ins answered 200 (next: verify). */
  accepted: number;
}

/** One setup of the PostgreSQL section: one API instance, or two on the same database. */
export interface PgSetupResult {
  instances: number;
  /** Per round: every instance's load result (one autocannon per instance). */
  loads: LoadResult[][];
  /** All answers ÷ the longest load's wall time, per round. */
  rps: Spread;
  p50: Spread;
  /** The worst instance's p99, per round. */
  p99: Spread;
  /** API CPU per verify: each instance's CPU ÷ its own answers, averaged over the instances, per round. */
  apiCpuMsPerVerify: Spread;
  /** The same, per instance (index = instance). */
  apiCpuMsPerVerifyByInstance: Spread[];
  /** The cluster's CPU (postmaster + all its processes) ÷ all answers, per round. */
  dbCpuMsPerVerify: Spread;
  /** Backends waiting for a lock, sampled every 50 ms during the rounds (absent in results from before 2026-12-02). */
  lockWaits?: LockWaitSamples;
  accepted: number;
  acceptedExpected: number;
}

export interface LockWaitSamples {
  samples: number;
  /** Samples in which at least one backend waited for a lock. */
  withWaiters: number;
  /** Waiting backends summed over the samples. */
  waiters: number;
}

export interface PostgresResult {
  version: string;
  /** Where the cluster's files were: tmpfs (/dev/shm) or disk. */
  storage: string;
  users: number;
  seedSeconds: number;
  dbMegabytes: number;
  connections: number;
  requestsPerRun: number;
  maxSeconds: number;
  /** Each API instance's CPU while idle (after the warm-up), ms per second: a fixed cost spread over its requests. */
  idleCpuMsPerSecond?: (number | null)[];
  /** How the API instances were placed on the cores, in words (taskset), or null when not pinned. */
  pinning: string | null;
  one: PgSetupResult;
  two: PgSetupResult;
  /** Two instances' req/s ÷ one instance's, per round (raw, on this machine). */
  twoToOne: Spread;
  /** Two instances' per-instance API CPU per verify ÷ one instance's, per round: ≈ 1 = flat. */
  perInstanceCpuRatio: Spread;
}

export type Part<T> = ({ available: true } & T) | { available: false; reason: string };

export interface Target {
  id: string;
  what: string;
  comparedWith: string;
  runs: number;
  value: number | null;
  unit: string;
  target: string;
  met: boolean | null;
}

export interface BenchResults {
  schema: 1;
  mode: 'full' | 'quick';
  command: string;
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  settings: {
    connections: number;
    runs: number;
    verifyRequestsPerRun: number;
    verifyMaxSeconds: number;
    bareSeconds: number;
    passwordSeconds: number;
    scales: number[];
    /** An experiment preloaded into the server (not the product as shipped), or null. */
    variant: string | null;
    /** Node options the API server ran with (default: those of `npm start`). */
    serverNodeArgs?: string[];
    mix: VerifyMix;
    serverEnv: Record<string, string>;
  };
  scales: ScaleResult[];
  password: Part<PasswordResult>;
  /** reusedFrom: the time of the results file when a quick run read it instead of re-running the part. */
  taskpane: Part<{ results: unknown; seconds: number; reusedFrom: string | null }>;
  api: Part<{ results: unknown; seconds: number; reusedFrom: string | null }>;
  /** Optional in older results files. */
  postgres?: Part<PostgresResult>;
  profile: Part<{ scaleUsers: number; summary: ProfileSummary; coarse: Record<string, number> }>;
  targets: Target[];
  warnings: string[];
}

export interface HistoryEntry {
  finishedAt: string;
  mode: 'full' | 'quick';
  nproc: number;
  cpuModel: string;
  node: string;
  loadAverage: number;
  verifyRps10k: number | null;
  bareRps: number | null;
  verifyToBare: number | null;
  verifyP99: number | null;
  scale1MTo10k: number | null;
  passwordToRaw: number | null;
  rssUnderLoadMb: number | null;
  taskpaneGzipKb: number | null;
  taskpaneTimeRatio: number | null;
  /** Added for issue 13 (absent in older entries). Server CPU per verify, ms, at 10 k and 1 M users (SQLite). */
  verifyCpuMs10k?: number | null;
  verifyCpuMs1M?: number | null;
  /** Server CPU per password sign-in and per raw argon2id verification, ms. */
  passwordCpuMs?: number | null;
  rawArgon2CpuMs?: number | null;
  /** PostgreSQL section: API and database CPU per verify (one instance), two ÷ one req/s, per-instance CPU two ÷ one. */
  pgApiCpuMs?: number | null;
  pgDbCpuMs?: number | null;
  pgTwoToOne?: number | null;
  pgPerInstanceCpuRatio?: number | null;
}

/** The database work of one verify alone (bench/sqlite-floor.ts): the product's statements replayed on better-sqlite3. */
export interface SqliteFloor {
  verifies: number;
  statementsPerVerify: number;
  /** The statements, abbreviated, in order. */
  statements: string[];
  /** user + system CPU of the replaying process per verify, checkpoints included. */
  cpuMsPerVerify: number;
  systemCpuMsPerVerify: number;
  wallMsPerVerify: number;
  /** COMMIT's share of the replay's wall time. */
  commitShareOfWall: number;
  /** WAL frames (one per page written) per verify's commit. */
  walFramesPerCommit: number;
  pageSize: number;
}
