/**
 * Real API server processes for the multi-instance tests: `node build/server/main.js`
 * (the built server, as production runs it) with TLS=off on 127.0.0.1 and a
 * port of its own, all on one PostgreSQL database. Each is stopped by the test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(__dirname, '../..');
export const serverEntry = path.join(repoRoot, 'build/server/main.js');
export const migrateEntry = path.join(repoRoot, 'build/server/cli/migrate.js');

/** The multi-instance tests need the built server; the PostgreSQL pass builds it first. */
export function assertBuilt(): void {
  if (!fs.existsSync(serverEntry) || !fs.existsSync(migrateEntry)) {
    throw new Error(`${path.relative(repoRoot, serverEntry)} is missing: run \`npm run build:server\` first (npm test's PostgreSQL pass does).`);
  }
}

export interface Instance {
  name: string;
  baseUrl: string;
  port: number;
  child: ChildProcess;
  /** Everything the process printed (stdout and stderr), line by line. */
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** SIGTERM (graceful) and wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL: the machine or container dies, nothing is drained. */
  kill(): Promise<void>;
}

export interface InstanceOptions {
  name: string;
  databaseUrl: string;
  secretKeyHex: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

const running = new Set<Instance>();

export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `axis-${options.name}-`));
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      TLS: 'off',
      LOG_LEVEL: 'info',
      DATA_DIR: dataDir,
      DATABASE_URL: options.databaseUrl,
      DATABASE_POOL_SIZE: '5',
      SECRET_KEY: options.secretKeyHex,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line) continue;
      if (lines.length < 20_000) lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const waitForLine = (pattern: RegExp, timeoutMs = 15_000) => {
    const seen = lines.find((l) => pattern.test(l));
    if (seen) return Promise.resolve(seen);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${options.name}: no line matching ${pattern} within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`)), timeoutMs);
      waiters.push({ pattern, resolve: (l) => { clearTimeout(timer); resolve(l); } });
      void exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited (code ${code}, signal ${signal}) before printing ${pattern}:\n${lines.slice(-20).join('\n')}`));
      });
    });
  };

  const listening = await waitForLine(/Server listening at http:\/\/127\.0\.0\.1:\d+/, options.startTimeoutMs ?? 30_000);
  const port = Number(/127\.0\.0\.1:(\d+)/.exec(listening)![1]);
  const instance: Instance = {
    name: options.name,
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    child,
    lines,
    exited,
    waitForLine,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // The server gives up draining after 20 s; past 30 s something is wrong: kill it rather than hang the suite.
      const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const result = await exited;
      clearTimeout(deadline);
      running.delete(instance);
      fs.rmSync(dataDir, { recursive: true, force: true });
      return result;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      running.delete(instance);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  running.add(instance);
  return instance;
}

/** Stops whatever a failed test left running (never a process this file did not start). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((i) => i.stop()));
}

/** `npm run migrate` against a database, as an operator would run it before starting instances. */
export function runMigrate(databaseUrl: string, secretKeyHex: string, args: string[] = []): { status: number | null; output: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-migrate-'));
  try {
    const result = spawnSync(process.execPath, [migrateEntry, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, SECRET_KEY: secretKeyHex, DATA_DIR: dataDir, TLS: 'off' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
