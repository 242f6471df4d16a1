/**
 * Deployment as documented: the server serves an add-in manifest made from its
 * own PUBLIC_URL, and the built files compressed and cached the right way.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureWebBuild } from '../helpers/build';
import { startTestServer, type TestServer } from '../helpers/server';
import { cachePolicy } from '../../src/server/http/static-files';

const root = path.join(__dirname, '..', '..');

function validateManifestFile(file: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(root, 'scripts', 'validate-manifest.mjs'), file], (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr });
    });
  });
}

let server: TestServer;

beforeAll(async () => {
  await ensureWebBuild(['taskpane.html', 'portal.html', 'commands.html']);
  server = await startTestServer({ config: { publicUrl: 'https://cloudsync.example.com', production: true } });
}, 600_000);
afterAll(() => server?.close());

describe('GET /manifest.xml (central deployment)', () => {
  it('is made from the server’s PUBLIC_URL, has no localhost in it and passes the offline manifest checks', async () => {
    const res = await fetch(`${server.baseUrl}/manifest.xml`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const xml = await res.text();
    expect(xml).not.toMatch(/localhost/);
    expect(xml).toContain('<SourceLocation DefaultValue="https://cloudsync.example.com/taskpane.html"/>');
    expect(xml).toContain('<AppDomain>https://cloudsync.example.com</AppDomain>');
    const file = path.join(server.dataDir, 'downloaded-manifest.xml');
    fs.writeFileSync(file, xml);
    const result = await validateManifestFile(file);
    expect(result.out).toMatch(/valid/);
    expect(result.code).toBe(0);
  });
});

describe('static files', () => {
  const taskpaneBundle = () => {
    const html = fs.readFileSync(path.join(root, 'dist', 'taskpane.html'), 'utf8');
    const src = /src="?([^" >]*taskpane\.[0-9a-f]{8}\.js)/.exec(html)?.[1];
    if (!src) throw new Error('taskpane.html names no hashed taskpane bundle');
    return src.replace(/^\.?\//, '');
  };

  it('sends the pane’s bundle brotli-compressed when accepted, gzip otherwise, cached for a year as immutable', async () => {
    const file = taskpaneBundle();
    const plain = fs.statSync(path.join(root, 'dist', file)).size;
    const br = await fetch(`${server.baseUrl}/${file}`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.status).toBe(200);
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('cache-control')).toBe(cachePolicy.hashed);
    expect(br.headers.get('content-type')).toMatch(/javascript/);
    expect(br.headers.get('vary')).toMatch(/accept-encoding/i);
    const onTheWire = Number(br.headers.get('content-length'));
    expect(onTheWire).toBeGreaterThan(0);
    expect(onTheWire).toBeLessThan(plain / 2);
    await br.arrayBuffer();

    const gz = await fetch(`${server.baseUrl}/${file}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gz.headers.get('cache-control')).toBe(cachePolicy.hashed);
    // fetch decompresses: what arrives is the bundle itself.
    expect((await gz.text()).length).toBe(fs.readFileSync(path.join(root, 'dist', file), 'utf8').length);

    const identity = await fetch(`${server.baseUrl}/${file}`, { headers: { 'accept-encoding': 'identity' } });
    expect(identity.headers.get('content-encoding')).toBeNull();
    expect(Number(identity.headers.get('content-length'))).toBe(plain);
    await identity.arrayBuffer();
  });

  it('has the pane’s HTML revalidated at every open (no-cache)', async () => {
    const res = await fetch(`${server.baseUrl}/taskpane.html`, { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe(cachePolicy.html);
    expect(await res.text()).toContain('taskpane.');
  });

  it('caches the icons for a day and keeps the build’s settings file private', async () => {
    const icon = await fetch(`${server.baseUrl}/assets/icon-32.png`);
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe(cachePolicy.other);
    await icon.arrayBuffer();
    const hidden = await fetch(`${server.baseUrl}/.build-settings.json`);
    expect(hidden.status).not.toBe(200);
    await hidden.arrayBuffer();
  });

  it('answers a missing file with the API’s problem+json 404', async () => {
    const res = await fetch(`${server.baseUrl}/no-such-file.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect((await res.json()).code).toBe('not_found');
  });
});
