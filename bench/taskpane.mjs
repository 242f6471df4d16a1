#!/usr/bin/env node
// npm run bench:taskpane — the task pane's initial JS and time to the code
// prompt, beside a minimal React + Fluent Field/Input/Button page built the
// same way. Not a test: it reports figures (bench/taskpane-results.json).
//
//  1. builds the production bundle (webpack.config.js) and the minimal page
//     (same config, other entry) into a temporary directory;
//  2. initial JS = the <script> files each page loads before any lazy chunk
//     (bytes and gzip -9);
//  3. serves both over a local HTTP server and loads each ≥ LOADS times in
//     fresh headless Chromium contexts (each first visits a seed page of the
//     same origin, which for the task pane leaves a registered device: its
//     record and its non-extractable key), office.js answered by the Outlook
//     double and the API by canned answers (a registered device whose new
//     Outlook session asks for a code), measuring navigation → the code input
//     visible (performance.now() in the page when it appears). The canned API
//     answer comes from the same local server as the files (no interception
//     cost on the measured path).
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOADS = Number(process.env.BENCH_LOADS || 20);
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const { chromium } = require('playwright-core');
process.env.TS_NODE_PROJECT = path.join(root, 'tsconfig.json');

function run(config) {
  return new Promise((resolve, reject) => {
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(stats);
    });
  });
}

async function build() {
  const makeConfig = require(path.join(root, 'webpack.config.js'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-taskpane-'));
  const app = await makeConfig({}, { mode: 'production' });
  app.output = { ...app.output, path: path.join(out, 'app') };
  app.devtool = false;
  const minimal = await makeConfig({}, { mode: 'production' });
  minimal.entry = { minimal: path.join(root, 'bench', 'taskpane-minimal.tsx') };
  minimal.output = { ...minimal.output, path: path.join(out, 'minimal') };
  minimal.devtool = false;
  minimal.plugins = [
    // Same page template (with the old-web-view check) and the same precompression as the task pane.
    ...minimal.plugins.filter((p) => ['DefinePlugin', 'AddinFilesPlugin', 'CompressionPlugin'].includes(p.constructor.name)),
    new HtmlWebpackPlugin({
      filename: 'minimal.html',
      template: path.join(root, 'src', 'taskpane', 'taskpane.html'),
      title: 'Minimal Fluent page',
      chunks: ['minimal'],
      scriptLoading: 'defer',
      officeJs: 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js',
      minify: true,
    }),
  ];
  await run(app);
  await run(minimal);
  return { out, appDir: path.join(out, 'app'), minimalDir: path.join(out, 'minimal') };
}

function initialJs(dir, html) {
  const text = fs.readFileSync(path.join(dir, html), 'utf8');
  const files = [...text.matchAll(/<script[^>]*\ssrc="?([^"\s>]+)"?/g)].map((m) => m[1]).filter((s) => !s.startsWith('http'));
  let bytes = 0;
  let gzip = 0;
  for (const f of files) {
    const buf = fs.readFileSync(path.join(dir, f));
    bytes += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  const lazy = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.chunk.js'))
    .map((f) => {
      const buf = fs.readFileSync(path.join(dir, f));
      return { file: f, bytes: buf.length, gzip: gzipSync(buf, { level: 9 }).length };
    });
  return { files, bytes, gzip, lazy };
}

function serve(dirs) {
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'application/javascript', '.png': 'image/png', '.xml': 'application/xml' };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/seed.html') {
      // Each fresh context first visits this page of the same origin (both pages alike, so connections are warm alike).
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(`<!doctype html><title>seeding</title><script>${seedScript}</script>`);
      return;
    }
    if (url.pathname === '/api/v1/auth/device/challenge') {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ challenge: 'bench-challenge', expiresAt: new Date(Date.now() + 12e4).toISOString() }));
      return;
    }
    if (url.pathname === '/api/v1/auth/device') {
      // Canned answer of the auth API: a registered device in a new Outlook session → verify.
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ next: 'verify', pendingToken: 'p', pendingExpiresAt: new Date(Date.now() + 6e5).toISOString(), methods: [{ method: 'totp' }, { method: 'backup_code' }] }));
      return;
    }
    const [, prefix, ...rest] = url.pathname.split('/');
    const dir = dirs[prefix];
    const file = dir && path.join(dir, ...rest);
    if (!file || !file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    // As the server sends built files (src/server/http/static-files.ts): the build's brotli/gzip copy when
    // accepted, hashed bundles immutable for a year, HTML revalidated (no-cache).
    const accepts = String(req.headers['accept-encoding'] || '');
    const encoding = [['br', '.br'], ['gzip', '.gz']].find(([name, ext]) => accepts.includes(name) && fs.existsSync(file + ext));
    const name = path.basename(file);
    const cacheControl = /\.[0-9a-f]{8}(\.chunk)?\.(js|css)$/.test(name) ? 'public, max-age=31536000, immutable' : name.endsWith('.html') ? 'no-cache' : 'public, max-age=86400';
    const headers = { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': cacheControl, vary: 'accept-encoding' };
    if (encoding) headers['content-encoding'] = encoding[0];
    res.writeHead(200, headers);
    fs.createReadStream(encoding ? file + encoding[1] : file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const officeDouble = `(() => {
  const info = { host: 'Outlook', platform: 'OfficeOnline' };
  const done = (cb) => setTimeout(() => cb && cb({ status: 'succeeded' }), 0);
  const diagnostics = { hostName: 'OutlookWebApp', hostVersion: '16.0' };
  window.Office = {
    context: {
      platform: 'OfficeOnline', diagnostics, officeTheme: { bodyBackgroundColor: '#ffffff' },
      roamingSettings: { get: () => null, set() {}, remove() {}, saveAsync: done },
      mailbox: { userProfile: { emailAddress: 'bench@contoso.com', displayName: 'Bench' }, diagnostics, addHandlerAsync: (t, h, cb) => done(cb), item: null },
    },
    onReady(cb) { return new Promise((r) => setTimeout(() => { if (cb) cb(info); r(info); }, 0)); },
    EventType: { OfficeThemeChanged: 'officeThemeChanged' },
    MailboxEnums: { ItemNotificationMessageType: { InformationalMessage: 'informationalMessage' } },
  };
})();`;

const device = {
  registrationId: 'reg-bench',
  mailbox: 'bench@contoso.com',
  accountHint: 'bench',
  createdAt: new Date().toISOString(),
};

// A registered device as the pane leaves one (src/taskpane/device-keys.ts, gate/storage.ts): the record in
// localStorage and a non-extractable P-256 key in IndexedDB. With ?device=0 it seeds nothing.
const seedScript = `(async () => {
  if (new URLSearchParams(location.search).get('device') === '1') {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('cloudsync-device-keys', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('keys');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    await new Promise((resolve, reject) => {
      const tx = db.transaction('keys', 'readwrite');
      tx.objectStore('keys').put(pair.privateKey, ${JSON.stringify(device.registrationId)});
      tx.oncomplete = resolve;
      tx.onerror = () => reject(tx.error);
    });
    db.close();
    localStorage.setItem('cloudsync.device', ${JSON.stringify(JSON.stringify(device))});
  }
  document.title = 'seeded';
})();`;

/** Records when `selector` first becomes visible, in ms since navigation start. */
function probe(selector) {
  return `(() => {
    const sel = ${JSON.stringify(selector)};
    const check = () => {
      const el = document.querySelector(sel);
      if (el && el.getBoundingClientRect().height > 0 && window.__visibleAt === undefined) window.__visibleAt = performance.now();
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true });
  })();`;
}

/** Bytes the page's own files took on the wire (headers + compressed bodies; 0 for a file from the cache). */
const wireBytes = () =>
  [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .filter((e) => e.name.startsWith(location.origin) && !e.name.includes('/api/'))
    .reduce((sum, e) => sum + e.transferSize, 0);

async function timeLoads(browser, url, selector, seedDevice, loads = LOADS, second = null) {
  const times = [];
  for (let i = 0; i < loads; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 720 } });
    // The Outlook double before any page script; office.js itself fails at once (host resolver rule below).
    // No request interception: Playwright's routing turns the HTTP cache off, and the second open measures it.
    await context.addInitScript(officeDouble);
    const page = await context.newPage();
    await page.goto(`${new URL(url).origin}/seed.html?device=${seedDevice ? 1 : 0}`);
    await page.waitForFunction(() => document.title === 'seeded', null, { timeout: 30_000 });
    await context.addInitScript(probe(selector));
    await page.goto(url);
    await page.waitForFunction(() => window.__visibleAt !== undefined, null, { timeout: 30_000 });
    times.push(await page.evaluate(() => window.__visibleAt));
    if (second) {
      // The same Outlook web view opens the pane again: HTML revalidated, hashed bundles from the cache.
      second.firstBytes.push(await page.evaluate(wireBytes));
      await page.goto(url);
      await page.waitForFunction(() => window.__visibleAt !== undefined, null, { timeout: 30_000 });
      second.times.push(await page.evaluate(() => window.__visibleAt));
      second.bytes.push(await page.evaluate(wireBytes));
    }
    if (process.env.BENCH_DEBUG) {
      console.log(url.split('/').pop(), JSON.stringify(await page.evaluate(() => ({
        visible: Math.round(window.__visibleAt),
        dcl: Math.round(performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd),
        marks: performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)]),
        res: performance.getEntriesByType('resource').map((r) => [r.name.split('/').pop(), Math.round(r.startTime), Math.round(r.responseEnd)]),
      }))));
    }
    await context.close();
  }
  return times;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x) => Math.round(x * 10) / 10;

async function main() {
  console.log('building production bundles…');
  const { out, appDir, minimalDir } = await build();
  const app = initialJs(appDir, 'taskpane.html');
  const minimal = initialJs(minimalDir, 'minimal.html');
  const server = await serve({ app: appDir, minimal: minimalDir });
  const base = `http://127.0.0.1:${server.address().port}`;
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--host-resolver-rules=MAP appsforoffice.microsoft.com ~NOTFOUND', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  try {
    // Warm-up (first Chromium start-up costs are not the page's).
    await timeLoads(browser, `${base}/minimal/minimal.html`, 'button', false, 3);
    await timeLoads(browser, `${base}/app/taskpane.html`, 'input[autocomplete="one-time-code"]', true, 3);
    const appTimes = [];
    const minimalTimes = [];
    const second = { times: [], bytes: [], firstBytes: [] };
    // Alternating load by load, so drift on the machine hits both alike.
    for (let i = 0; i < LOADS; i++) {
      appTimes.push(...(await timeLoads(browser, `${base}/app/taskpane.html`, 'input[autocomplete="one-time-code"]', true, 1, second)));
      minimalTimes.push(...(await timeLoads(browser, `${base}/minimal/minimal.html`, 'button', false, 1)));
    }
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.arch()}`, loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100 },
      loads: appTimes.length,
      taskpane: {
        initialJs: { files: app.files, bytes: app.bytes, gzipBytes: app.gzip },
        lazyChunks: app.lazy,
        codePromptVisibleMs: { median: round(median(appTimes)), min: round(Math.min(...appTimes)), max: round(Math.max(...appTimes)) },
        firstOpen: { wireBytes: median(second.firstBytes) },
        secondOpenCached: {
          wireBytes: median(second.bytes),
          codePromptVisibleMs: { median: round(median(second.times)), min: round(Math.min(...second.times)), max: round(Math.max(...second.times)) },
        },
      },
      minimal: {
        initialJs: { files: minimal.files, bytes: minimal.bytes, gzipBytes: minimal.gzip },
        buttonVisibleMs: { median: round(median(minimalTimes)), min: round(Math.min(...minimalTimes)), max: round(Math.max(...minimalTimes)) },
      },
      targets: { initialJsGzipMaxBytes: 110 * 1024, promptVisibleMaxRatio: 1.3 },
    };
    results.ratio = Math.round((results.taskpane.codePromptVisibleMs.median / results.minimal.buttonVisibleMs.median) * 100) / 100;
    results.meetsTargets = results.taskpane.initialJs.gzipBytes <= results.targets.initialJsGzipMaxBytes && results.ratio <= 1.3;
    fs.writeFileSync(path.join(root, 'bench', 'taskpane-results.json'), `${JSON.stringify(results, null, 2)}\n`);

    const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
    const rows = [
      ['', 'initial JS', 'gzip', 'visible (median)', 'min–max'],
      ['task pane (code prompt)', kb(app.bytes), kb(app.gzip), `${results.taskpane.codePromptVisibleMs.median} ms`, `${results.taskpane.codePromptVisibleMs.min}–${results.taskpane.codePromptVisibleMs.max} ms`],
      ['minimal Fluent page', kb(minimal.bytes), kb(minimal.gzip), `${results.minimal.buttonVisibleMs.median} ms`, `${results.minimal.buttonVisibleMs.min}–${results.minimal.buttonVisibleMs.max} ms`],
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
    console.log(
      `\ntask pane on the wire (br, as the server sends it): first open ${kb(results.taskpane.firstOpen.wireBytes)}, ` +
        `second open (cached) ${kb(results.taskpane.secondOpenCached.wireBytes)}, code prompt ${results.taskpane.secondOpenCached.codePromptVisibleMs.median} ms (median)`,
    );
    console.log(`lazy chunks: ${app.lazy.map((c) => `${c.file} ${kb(c.gzip)} gzip`).join(', ')}`);
    console.log(`${appTimes.length} fresh loads each · ratio ${results.ratio} (target ≤ 1.3) · initial gzip ${kb(app.gzip)} (target ≤ 110 KB) · ${results.meetsTargets ? 'targets met' : 'TARGETS MISSED'}`);
    console.log('written: bench/taskpane-results.json');
  } finally {
    await browser.close();
    server.close();
    fs.rmSync(out, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
