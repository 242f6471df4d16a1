/**
 * Builds the production web bundle (dist/) once for the browser tests, when
 * it is missing or older than its sources. Safe with parallel jest workers:
 * one builds under a lock directory, the others wait.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..', '..');
const dist = path.join(root, 'dist');
// The same lock file as test/helpers/build.ts (portal tests), so the two never build dist/ at once.
const lock = path.join(root, 'node_modules', '.cache', 'axis-web-build.lock');
const sources = ['src/taskpane', 'src/ui', 'src/office', 'src/commands', 'src/shared', 'src/portal', 'assets', 'manifest.xml', 'webpack.config.js'];

function newest(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const e of fs.readdirSync(p)) max = Math.max(max, newest(path.join(p, e)));
  return max;
}

function stale(): boolean {
  const marker = path.join(dist, 'taskpane.html');
  if (!fs.existsSync(marker)) return true;
  const built = fs.statSync(marker).mtimeMs;
  return sources.some((s) => newest(path.join(root, s)) > built);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function ensureWebBuilt(): Promise<void> {
  for (let waited = 0; waited < 600_000; waited += 250) {
    if (!stale()) return;
    let fd: number;
    try {
      fs.mkdirSync(path.dirname(lock), { recursive: true });
      fd = fs.openSync(lock, 'wx');
    } catch {
      // Another worker is building; a lock older than 5 minutes is left over from a crash.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 5 * 60_000) fs.rmSync(lock, { force: true });
      await sleep(250);
      continue;
    }
    try {
      if (stale()) {
        execFileSync(process.execPath, [path.join(root, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'production'], {
          cwd: root,
          stdio: ['ignore', 'ignore', 'inherit'],
          env: { ...process.env, ADDIN_PUBLIC_URL: '', API_ORIGIN: '' },
        });
      }
      return;
    } finally {
      fs.closeSync(fd);
      fs.rmSync(lock, { force: true });
    }
  }
  throw new Error('Timed out waiting for the web build');
}
