/**
 * Child processes for the benchmarks: every one is started here, bounded in
 * time, and stopped by its own id (its process group for npm scripts) —
 * also when the harness itself is interrupted or fails.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

const running = new Set<ChildProcess>();

function killChild(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    // Detached children lead their own process group: end the group (npm → node → chromium…).
    process.kill((child as ChildProcess & { detachedGroup?: boolean }).detachedGroup ? -child.pid : child.pid, signal);
  } catch {
    /* already gone */
  }
}

export function stopAllChildren(): void {
  for (const child of running) killChild(child, 'SIGKILL');
  running.clear();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopAllChildren();
    process.exit(130);
  });
}
process.on('exit', stopAllChildren);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Service {
  name: string;
  pid: number;
  child: ChildProcess;
  /** The ready line's regex match. */
  match: RegExpMatchArray;
  output(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a long-running child (a server) and waits for `ready` on its stdout. */
export function startService(
  name: string,
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs: number; cwd?: string },
): Promise<Service> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    let settled = false;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.once('exit', () => running.delete(child));
    const service: Service = {
      name,
      pid: child.pid ?? -1,
      child,
      match: [] as unknown as RegExpMatchArray,
      output: () => out,
      async stop(graceMs = 10_000) {
        if (child.exitCode !== null || child.signalCode !== null) return;
        killChild(child, 'SIGTERM');
        const timer = setTimeout(() => killChild(child, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
    const timer = setTimeout(() => {
      if (settled) return;
      settled = true;
      killChild(child, 'SIGKILL');
      reject(new Error(`${name} was not ready within ${options.timeoutMs} ms:\n${out.slice(-2000)}`));
    }, options.timeoutMs);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      if (out.length > 200_000) out = out.slice(-100_000);
      const match = options.ready.exec(out);
      if (match && !settled) {
        settled = true;
        clearTimeout(timer);
        service.match = match;
        resolve(service);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code, signal) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${out.slice(-2000)}`));
    });
  });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/**
 * Runs a command to its end, at most `timeoutMs`. With `group`, the child
 * leads a process group of its own, and the whole group is ended on time-out
 * (for npm scripts that start browsers or servers).
 */
export function runToEnd(
  command: string,
  args: string[],
  options: { timeoutMs: number; env?: NodeJS.ProcessEnv; cwd?: string; group?: boolean; echo?: boolean },
): Promise<Finished> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.group ?? false,
    }) as ChildProcess & { detachedGroup?: boolean };
    child.detachedGroup = options.group ?? false;
    running.add(child);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (options.echo) process.stderr.write(chunk);
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (options.echo) process.stderr.write(chunk);
    });
    const timer = setTimeout(() => {
      timedOut = true;
      killChild(child, 'SIGTERM');
      setTimeout(() => killChild(child, 'SIGKILL'), 5_000).unref();
    }, options.timeoutMs);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      // A group leader that finished may leave stragglers: end them too.
      if (child.detachedGroup && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* none left */
        }
      }
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** Runs a node script that prints one JSON line last; answers it parsed. */
export async function runNodeJson<T>(script: string, args: string[], timeoutMs: number, nodeArgs: string[] = []): Promise<T> {
  const finished = await runToEnd(process.execPath, [...nodeArgs, script, ...args], { timeoutMs });
  const line = finished.stdout.trim().split('\n').filter(Boolean).pop();
  if (finished.code !== 0 || !line) {
    throw new Error(
      `${script} failed (${finished.timedOut ? 'timed out' : `exit ${finished.code ?? finished.signal}`}): ${finished.stderr.slice(-2000)}`,
    );
  }
  return JSON.parse(line) as T;
}

/** Resident set size of a process in MB (Linux /proc), or null where unavailable. */
export function rssMb(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** Samples a process's RSS every `everyMs` until stopped. */
export function sampleRss(pid: number, everyMs = 100): { stop(): { maxMb: number | null; meanMb: number | null; samples: number } } {
  const values: number[] = [];
  const take = () => {
    const value = rssMb(pid);
    if (value !== null) values.push(value);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      if (values.length === 0) return { maxMb: null, meanMb: null, samples: 0 };
      return { maxMb: Math.max(...values), meanMb: values.reduce((a, b) => a + b, 0) / values.length, samples: values.length };
    },
  };
}

/** CPU seconds (user + system) a process has used so far (Linux /proc), or null. */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / 100 : null; // USER_HZ is 100 on Linux
  } catch {
    return null;
  }
}
