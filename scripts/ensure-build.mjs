#!/usr/bin/env node
// `npm start` runs this before the server: it builds only what is missing or
// older than its sources, and never replaces a web build made with other
// settings without saying so.
//  - build/server (tsc): rebuilt when missing or stale; it bakes in no settings.
//  - dist/ (webpack): built when missing; when stale, rebuilt only if the
//    settings it bakes in (ADDIN_PUBLIC_URL, API_ORIGIN, SUPPORT_PHONE,
//    SUPPORT_URL, recorded in dist/.build-settings.json) are the ones in this
//    environment. Otherwise it stops and says which differ: run `npm run build`
//    with the settings you want, or start the server directly
//    (node build/server/main.js) to keep the build as it is.
// The manifest is not among these settings: the server makes it at run time
// from PUBLIC_URL.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function newest(p) {
  const full = join(root, p);
  if (!existsSync(full)) return 0;
  const stat = statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(full).map((name) => newest(join(p, name))));
}

function npmRun(script) {
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', script], { cwd: root, stdio: 'inherit' });
}

const serverEntry = join(root, 'build', 'server', 'main.js');
const serverInputs = ['src/server', 'src/shared', 'tsconfig.server.json', 'tsconfig.json'];
if (!existsSync(serverEntry) || Math.max(...serverInputs.map(newest)) > statSync(serverEntry).mtimeMs) {
  console.log(existsSync(serverEntry) ? 'Server sources are newer than build/server: rebuilding it.' : 'No server build yet: building it.');
  npmRun('build:server');
}

const webInputs = ['src/portal', 'src/ui', 'src/shared', 'src/taskpane', 'src/commands', 'src/office', 'assets', 'webpack.config.js', 'manifest.xml'];
const pages = ['taskpane.html', 'commands.html', 'portal.html', 'support.html'].map((p) => join(root, 'dist', p));
const recordFile = join(root, 'dist', '.build-settings.json');
if (!pages.every((p) => existsSync(p))) {
  console.log('No web build in dist/ yet: building it (npm run build:web).');
  npmRun('build:web');
} else {
  const builtAt = Math.min(...pages.map((p) => statSync(p).mtimeMs));
  if (Math.max(...webInputs.map(newest)) > builtAt) {
    const recorded = existsSync(recordFile) ? JSON.parse(readFileSync(recordFile, 'utf8')) : null;
    const webpackConfig = require(join(root, 'webpack.config.js'));
    const wanted = webpackConfig.buildSettingsOf(webpackConfig.settings());
    const differ = recorded ? Object.keys(wanted).filter((k) => recorded[k] !== wanted[k]) : ['(no record of the settings dist/ was built with)'];
    if (differ.length > 0) {
      console.error(
        `The web build in dist/ is older than its sources, but it was made with other settings than this environment has: ${differ
          .map((k) => (recorded ? `${k}=${JSON.stringify(recorded[k])} (now ${JSON.stringify(wanted[k])})` : k))
          .join(', ')}.\n` +
          'Not rebuilding over it. Either run `npm run build` with the settings you want (see docs/addin-build.md) and then `npm start`, ' +
          'or start the server without building: node build/server/main.js',
      );
      process.exit(1);
    }
    console.log('Web sources are newer than dist/: rebuilding it with the same settings (npm run build:web).');
    npmRun('build:web');
  }
}
