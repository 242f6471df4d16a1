/**
 * A private PostgreSQL cluster for the benchmarks, made the way .ci/run and
 * the PostgreSQL test pass make theirs: initdb in a temporary directory (as
 * the postgres user when run as root; on tmpfs when there is one, so the
 * shared disk's fsync latency is not what is measured), listening on
 * 127.0.0.1 at a free port with its socket in that directory, stopped and
 * removed at the end — also when the harness is interrupted. Settings stay
 * at PostgreSQL's defaults (fsync and synchronous_commit on).
 *
 * Because the cluster is ours, its processes are known: the postmaster (from
 * postmaster.pid) and its children (backends, checkpointer, WAL writer,
 * autovacuum…). `cpuSeconds()` sums their user + system CPU from
 * /proc/<pid>/stat, plus the postmaster's `cutime`/`cstime` (children that
 * exited and were reaped), so the database's CPU over a run is the
 * difference of two readings.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, runToEnd } from './processes';

export interface PgCluster {
  /** Where its files are (tmpfs or disk), for the report. */
  storage: string;
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth, the superuser). */
  adminUrl: string;
  version: string;
  /** CPU seconds (user + system) of the postmaster and all its processes so far, or null when /proc cannot say. */
  cpuSeconds(): number | null;
  /** Processes the cluster runs now (postmaster + children). */
  processCount(): number;
  stop(): Promise<void>;
}

/** The newest PostgreSQL server binaries installed (Debian layout), or null. */
export function findPgBin(): string | null {
  const base = '/usr/lib/postgresql';
  if (!fs.existsSync(base)) return null;
  const versions = fs
    .readdirSync(base)
    .filter((v) => fs.existsSync(path.join(base, v, 'bin', 'initdb')) && fs.existsSync(path.join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions[versions.length - 1];
  return newest ? path.join(base, newest, 'bin') : null;
}

interface ProcTimes {
  ppid: number;
  /** utime + stime, and cutime + cstime, in seconds. */
  own: number;
  children: number;
}

function procTimes(pid: number): ProcTimes | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14); USER_HZ is 100 on Linux.
    return {
      ppid: Number(fields[1]),
      own: (Number(fields[11]) + Number(fields[12])) / 100,
      children: (Number(fields[13]) + Number(fields[14])) / 100,
    };
  } catch {
    return null;
  }
}

function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const t = procTimes(Number(entry));
    if (t?.ppid === parent) out.push(Number(entry));
  }
  return out;
}

/** /dev/shm when it is a writable tmpfs with room (≥ 1 GB free), else null. */
function tmpfsDir(): string | null {
  try {
    const st = fs.statfsSync('/dev/shm');
    return st.bavail * st.bsize >= 2 ** 30 ? '/dev/shm' : null;
  } catch {
    return null;
  }
}

export async function startPgCluster(log: (line: string) => void): Promise<PgCluster | { reason: string }> {
  const bin = findPgBin();
  if (!bin) return { reason: 'no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/initdb) on this machine' };
  // On tmpfs when there is one: the figures are CPU and req/s, not this machine's disk (fsync stays on, but costs
  // nothing there). On disk, commits wait for fsync on a disk other work shares.
  const base = tmpfsDir() ?? os.tmpdir();
  const dir = fs.mkdtempSync(path.join(base, 'axis-bench-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) spawnSync('chown', ['postgres', dir]);
  const run = (args: string[], timeoutMs = 120_000) =>
    asRoot ? runToEnd('runuser', ['-u', 'postgres', '--', ...args], { timeoutMs }) : runToEnd(args[0]!, args.slice(1), { timeoutMs });
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });

  const init = await run([path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  if (init.code !== 0) {
    remove();
    return { reason: `initdb failed: ${(init.stderr || init.stdout).trim().split('\n').slice(-2).join(' / ')}` };
  }
  const port = await freePort();
  const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=100`;
  const start = await run([path.join(bin, 'pg_ctl'), '-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start', '-o', options]);
  // Whatever happens next (an error, Ctrl-C), the cluster does not outlive the harness.
  const stopNow = () => {
    const args = [path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'];
    if (asRoot) spawnSync('runuser', ['-u', 'postgres', '--', ...args], { stdio: 'ignore' });
    else spawnSync(args[0]!, args.slice(1), { stdio: 'ignore' });
    remove();
  };
  process.on('exit', stopNow);
  if (start.code !== 0) {
    let tail = '';
    try {
      tail = fs.readFileSync(path.join(dir, 'server.log'), 'utf8').trim().split('\n').slice(-2).join(' / ');
    } catch {
      /* no log */
    }
    stopNow();
    process.removeListener('exit', stopNow);
    return { reason: `pg_ctl start failed: ${tail || start.stderr.trim()}` };
  }
  const postmasterPid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const version = String(spawnSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout ?? '')
    .trim()
    .replace(/^postgres \(PostgreSQL\) /, '');
  log(`private PostgreSQL ${version} on 127.0.0.1:${port} (postmaster ${postmasterPid})`);
  return {
    adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
    storage: base === '/dev/shm' ? 'tmpfs (/dev/shm)' : `disk (${base})`,
    version,
    cpuSeconds() {
      const master = procTimes(postmasterPid);
      if (!master) return null;
      let total = master.own + master.children;
      for (const pid of childrenOf(postmasterPid)) total += procTimes(pid)?.own ?? 0;
      return total;
    },
    processCount() {
      return procTimes(postmasterPid) ? 1 + childrenOf(postmasterPid).length : 0;
    },
    async stop() {
      process.removeListener('exit', stopNow);
      const stopped = await run([path.join(bin, 'pg_ctl'), '-D', data, '-m', 'fast', '-w', '-t', '30', 'stop'], 60_000);
      if (stopped.code !== 0) stopNow();
      else remove();
    },
  };
}
