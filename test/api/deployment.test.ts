/**
 * Deployment as documented: the server serves an add-in manifest made from its
 * own PUBLIC_URL, and the built files compressed and cached the right way.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureWebBuild } from '../helpers/build';
import { startTestServer, type TestServer } from '../helpers/server';
import { cachePolicy } from '../../src/server/http/static-files';
import { unifiedManifestErrors } from '../helpers/unified-manifest-schema';

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

describe('GET /manifest.json (unified manifest)', () => {
  it('is made from the server’s PUBLIC_URL, has no localhost in it and passes Microsoft’s published schema offline', async () => {
    const res = await fetch(`${server.baseUrl}/manifest.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const text = await res.text();
    expect(text).not.toMatch(/localhost/);
    const manifest = JSON.parse(text);
    expect(manifest.id).toBe(/<Id>([^<]+)<\/Id>/.exec(await (await fetch(`${server.baseUrl}/manifest.xml`)).text())?.[1]);
    expect(manifest.validDomains).toEqual(['cloudsync.example.com']);
    expect(manifest.extensions[0].runtimes.map((r: { code: { page: string } }) => r.code.page)).toEqual([
      'https://cloudsync.example.com/taskpane.html',
      'https://cloudsync.example.com/commands.html',
    ]);
    expect(unifiedManifestErrors(manifest)).toEqual([]);
  });

  it('comes as an app package (manifest.json, its localization files and the two icons it names) at /manifest.zip, which unzip reads', async () => {
    const res = await fetch(`${server.baseUrl}/manifest.zip`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const file = path.join(server.dataDir, 'app-package.zip');
    fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const listing = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n').sort();
    const manifest = JSON.parse(execFileSync('unzip', ['-p', file, 'manifest.json'], { encoding: 'utf8' }));
    const languages = manifest.localizationInfo.additionalLanguages.map((l: { file: string }) => l.file).sort();
    expect(languages).toHaveLength(6);
    expect(listing).toEqual(['assets/icon-192.png', 'assets/icon-outline-32.png', ...languages, 'manifest.json'].sort());
    const german = JSON.parse(execFileSync('unzip', ['-p', file, 'localization/de-de.json'], { encoding: 'utf8' }));
    expect(german['description.full']).toContain('Zwei-Schritt-Authentifizierung');
    expect([manifest.icons.color, manifest.icons.outline].sort()).toEqual(['assets/icon-192.png', 'assets/icon-outline-32.png']);
    expect(manifest.validDomains).toEqual(['cloudsync.example.com']);
    const color = execFileSync('unzip', ['-p', file, manifest.icons.color]);
    expect(color.readUInt32BE(16)).toBe(192); // PNG width
    expect(execFileSync('unzip', ['-p', file, manifest.icons.outline]).readUInt32BE(16)).toBe(32);
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
