/**
 * Browser tests need the real bundle in dist/. `npm test` builds it first
 * (npm run build); when a browser test runs on its own (npx jest test/e2e),
 * this builds it once if dist/ is missing or older than the sources. A lock
 * file keeps parallel jest workers from building at the same time.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const dist = path.join(root, 'dist');
const lock = path.join(root, 'node_modules', '.cache', 'axis-web-build.lock');
const inputs = ['src/portal', 'src/ui', 'src/shared', 'src/taskpane', 'src/commands', 'src/office', 'assets', 'webpack.config.js', 'manifest.xml'];
/** When the last build made here *started*: sources saved during a build are newer than it, so they count as unbuilt. */
const stamp = path.join(dist, '.build-started');

function newest(p: string): number {
  const full = path.join(root, p);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(full).map((name) => newest(path.join(p, name))));
}

/** True when every page in `pages` is built and newer than every source file. */
export function webBuildIsFresh(pages: string[]): boolean {
  const built = pages.map((page) => path.join(dist, page));
  if (!built.every((file) => fs.existsSync(file))) return false;
  const stamped = fs.existsSync(stamp) ? Number(fs.readFileSync(stamp, 'utf8')) : NaN;
  // Without a stamp (dist/ from `npm run build`), the pages' own times stand for the build.
  const builtAt = Number.isFinite(stamped) ? stamped : Math.min(...built.map((file) => fs.statSync(file).mtimeMs));
  return Math.max(...inputs.map(newest)) <= builtAt;
}

/** True when the lock names a process id (ours do) and no such process runs any more. */
function lockHolderIsGone(): boolean {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(lock, 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds dist/ with webpack (production) unless it is fresh. */
export async function ensureWebBuild(pages: string[] = ['portal.html', 'taskpane.html', 'commands.html']): Promise<void> {
  for (let waited = 0; ; waited += 500) {
    if (webBuildIsFresh(pages)) return;
    fs.mkdirSync(path.dirname(lock), { recursive: true });
    let fd: number | null = null;
    try {
      fd = fs.openSync(lock, 'wx');
    } catch {
      // Another worker is building. The lock is a crashed build's when its process is gone, or older than 5 minutes.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000 || lockHolderIsGone()) fs.rmSync(lock, { force: true });
      if (waited > 10 * 60_000) throw new Error('Timed out waiting for another web build');
      await sleep(500);
      continue;
    }
    fs.writeSync(fd, String(process.pid));
    try {
      if (!webBuildIsFresh(pages)) {
        const startedAt = Date.now();
        // The tests expect the dev manifest origin, whatever the shell exports.
        execFileSync(process.execPath, [path.join(root, 'node_modules/webpack-cli/bin/cli.js'), '--mode', 'production'], {
          cwd: root,
          stdio: 'pipe',
          timeout: 5 * 60_000,
          env: { ...process.env, ADDIN_PUBLIC_URL: '', API_ORIGIN: '' },
        });
        fs.writeFileSync(stamp, String(startedAt));
      }
      return;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
}
