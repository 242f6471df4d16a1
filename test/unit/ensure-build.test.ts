/**
 * `npm start` (scripts/ensure-build.mjs) builds only what is missing or stale,
 * and never rebuilds silently over a web build made with other settings.
 * Run in a scratch copy of the repository's layout, so nothing real is rebuilt.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const repo = path.join(__dirname, '..', '..');

function scratchRepo(recorded: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-ensure-'));
  fs.mkdirSync(path.join(root, 'scripts'));
  fs.copyFileSync(path.join(repo, 'scripts', 'ensure-build.mjs'), path.join(root, 'scripts', 'ensure-build.mjs'));
  fs.copyFileSync(path.join(repo, 'webpack.config.js'), path.join(root, 'webpack.config.js'));
  fs.symlinkSync(path.join(repo, 'node_modules'), path.join(root, 'node_modules'));
  for (const dir of ['src/server', 'src/taskpane', 'build/server', 'dist']) fs.mkdirSync(path.join(root, dir), { recursive: true });
  const old = new Date(Date.now() - 3600_000);
  for (const file of ['src/server/main.ts', 'src/taskpane/index.tsx']) {
    fs.writeFileSync(path.join(root, file), '// source\n');
  }
  for (const file of ['build/server/main.js', 'dist/taskpane.html', 'dist/commands.html', 'dist/portal.html', 'dist/support.html']) {
    fs.writeFileSync(path.join(root, file), '<!-- built -->\n');
  }
  fs.writeFileSync(path.join(root, 'dist', '.build-settings.json'), JSON.stringify(recorded));
  // Sources older than the builds.
  for (const p of ['src/server/main.ts', 'src/taskpane/index.tsx', 'src/server', 'src/taskpane', 'src', 'webpack.config.js']) fs.utimesSync(path.join(root, p), old, old);
  const built = new Date(Date.now() - 1800_000);
  for (const p of ['build/server/main.js', 'dist/taskpane.html', 'dist/commands.html', 'dist/portal.html', 'dist/support.html']) fs.utimesSync(path.join(root, p), built, built);
  return root;
}

function ensure(root: string, env: Record<string, string> = {}): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'scripts', 'ensure-build.mjs')], { cwd: root, env: { PATH: process.env.PATH ?? '', ...env } }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

const productionBuild = { ADDIN_PUBLIC_URL: 'https://cloudsync.example.com', API_ORIGIN: '', SUPPORT_PHONE: '1-866-232-2211', SUPPORT_URL: 'https://cloudsync.example.com/support.html' };

describe('npm start builds only when needed', () => {
  it('builds nothing when the builds are newer than their sources', async () => {
    const root = scratchRepo(productionBuild);
    const result = await ensure(root);
    expect(result).toEqual({ code: 0, out: '' });
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('does not rebuild silently over a production web build when the environment lacks its settings', async () => {
    const root = scratchRepo(productionBuild);
    fs.writeFileSync(path.join(root, 'src', 'taskpane', 'index.tsx'), '// edited after the build\n');
    const before = fs.readFileSync(path.join(root, 'dist', 'taskpane.html'), 'utf8');
    const result = await ensure(root);
    expect(result.code).toBe(1);
    expect(result.out).toMatch(/made with other settings than this environment has: ADDIN_PUBLIC_URL="https:\/\/cloudsync.example.com" \(now "https:\/\/localhost:3000"\)/);
    expect(result.out).toMatch(/Not rebuilding over it/);
    expect(fs.readFileSync(path.join(root, 'dist', 'taskpane.html'), 'utf8')).toBe(before);
    fs.rmSync(root, { recursive: true, force: true });
  });
});
