/**
 * SQLite's WAL checkpoints, off the request path.
 *
 * By default SQLite checkpoints inside the COMMIT that takes the WAL past
 * 1,000 pages: that one request copies the WAL's pages into the database file
 * and fsyncs it, on the event loop, while every other request waits. A
 * verification writes ≈ 20 pages, so every ≈ 50th verification paid for the
 * 49 before it: measured (bench/statements.ts, per-statement timing), COMMIT
 * took 76 µs at the median and 10.7 ms at p99, 313 µs on average — a quarter
 * of the route's CPU and most of its p99.
 *
 * Here a worker thread with a connection of its own runs a PASSIVE checkpoint
 * every `intervalMs`. PASSIVE never takes the write lock and never waits: the
 * request path is not blocked, and nothing about transactions, locks or
 * durability changes (synchronous = NORMAL in WAL mode: commits are durable
 * once the WAL is synced, which a checkpoint does before it copies). The main
 * connection keeps SQLite's own checkpoint as a backstop at a larger WAL
 * (`backstopPages`), so the WAL stays bounded even if this worker stalls.
 *
 * Under sustained writes the worker rarely finds the WAL fully copied at the
 * moment a writer begins (commits land while it copies), and only then does
 * SQLite start the WAL over: the file grows to the backstop (≈ 40 MB), where
 * a commit checkpoints on the main thread as before — but by then the worker
 * has copied all but the last ≈ 200 ms of pages, so that checkpoint is short,
 * and it comes once per 10,000 pages instead of once per 1,000.
 */
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints. At ≈ 1,000 verifications/s that is ≈ 4,000 WAL pages (16 MB) at most. */
export const checkpointIntervalMs = 200;
/** The main connection's own checkpoint threshold (SQLite's default is 1,000): reached only if the worker falls behind. */
export const backstopPages = 10_000;

// Plain JavaScript evaluated in the worker (no build step, works the same under ts-jest and in build/).
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.file);
let failures = 0;
const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
    failures = 0;
  } catch (error) {
    // Reported once per run of failures (a full disk, a removed file): the backstop keeps the WAL bounded.
    if (failures++ === 0) parentPort.postMessage({ error: String(error && error.message || error) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  try { db.close(); } finally { parentPort.close(); }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, options: { intervalMs?: number; onError?: (message: string) => void } = {}): Checkpointer {
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: { file, driver: require.resolve('better-sqlite3'), intervalMs: options.intervalMs ?? checkpointIntervalMs },
  });
  // Never what keeps the process alive (a store a test forgot to close, a server shutting down).
  worker.unref();
  worker.on('message', (message: { error?: string }) => {
    if (message.error) options.onError?.(message.error);
  });
  worker.on('error', (error) => options.onError?.(error.message));
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
