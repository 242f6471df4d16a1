/**
 * The built server started as an operator starts it (node build/server/main.js,
 * what `npm start` runs; npm test builds first): the key check, the production
 * bootstrap, and HTTPS with a given certificate reloaded on SIGHUP.
 */
import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { ApiClient } from '../../src/shared/api-client';
import { migrateEntry, serverEntry, startInstance, stopAll } from '../multi/instances';

const dirs: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-start-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));
const keyHex = () => crypto.randomBytes(32).toString('hex');

/** Runs the server until it exits by itself (or 30 s pass): for starts that must be refused. */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serverEntry], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), HOST: '127.0.0.1', PORT: '0', TLS: 'off', NODE_ENV: 'test', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

afterEach(() => stopAll());

describe('SECRET_KEY and the database agree', () => {
  it('an instance started with another key refuses to start, naming SECRET_KEY; the right key starts', async () => {
    const dir = tmp();
    const databaseUrl = `sqlite:${path.join(dir, 'shared.db')}`;
    const key = keyHex();
    const first = await startInstance({ name: 'key-a', databaseUrl, secretKeyHex: key });
    await first.stop();

    const wrong = await runUntilExit({ DATABASE_URL: databaseUrl, SECRET_KEY: keyHex(), DATA_DIR: dir });
    expect(wrong.code).toBe(2);
    expect(wrong.output).toMatch(/Refusing to start: SECRET_KEY does not match the key this database was set up with/);
    expect(wrong.output).not.toContain(key);

    const again = await startInstance({ name: 'key-a-again', databaseUrl, secretKeyHex: key });
    expect((await fetch(`${again.baseUrl}/healthz`)).status).toBe(200);
  }, 90_000);

  it('with NODE_ENV=production and no SECRET_KEY, the start stops with a message naming it', async () => {
    const dir = tmp();
    const result = await runUntilExit({ NODE_ENV: 'production', DATA_DIR: dir });
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/SECRET_KEY is required \(NODE_ENV=production\)/);
    expect(fs.existsSync(path.join(dir, 'secret.key'))).toBe(false);
  }, 60_000);
});

describe('the first organization in production', () => {
  it('comes from BOOTSTRAP_ORG and BOOTSTRAP_ADMIN, with the password in a 0600 file; no demo organization', async () => {
    const dir = tmp();
    const instance = await startInstance({
      name: 'bootstrap',
      databaseUrl: `sqlite:${path.join(dir, 'prod.db')}`,
      secretKeyHex: keyHex(),
      env: { NODE_ENV: 'production', DATA_DIR: dir, PUBLIC_URL: 'https://cloudsync.example.com', BOOTSTRAP_ORG: 'Contoso', BOOTSTRAP_ADMIN: 'IT-Admin@Contoso.example' },
    });
    const line = await instance.waitForLine(/First start: created "Contoso"/);
    expect(line).not.toMatch(/demo/i);
    const passwordFile = path.join(dir, 'initial-admin-password');
    expect(fs.statSync(passwordFile).mode & 0o777).toBe(0o600);
    const password = fs.readFileSync(passwordFile, 'utf8').trim();
    expect(instance.lines.join('\n')).not.toContain(password);
    const client = new ApiClient({ baseUrl: instance.baseUrl });
    await expect(client.signInWithPassword({ username: 'it-admin@contoso.example', password })).resolves.toBeDefined();
    await expect(client.signInWithPassword({ username: 'admin@demo.example', password })).rejects.toMatchObject({ status: 401 });
  }, 90_000);

  it('without the variables creates nothing and says how', async () => {
    const dir = tmp();
    const instance = await startInstance({
      name: 'no-bootstrap',
      databaseUrl: `sqlite:${path.join(dir, 'prod.db')}`,
      secretKeyHex: keyHex(),
      env: { NODE_ENV: 'production', DATA_DIR: dir, PUBLIC_URL: 'https://cloudsync.example.com' },
    });
    await instance.waitForLine(/no organization yet.*BOOTSTRAP_ORG.*BOOTSTRAP_ADMIN/);
    expect(fs.existsSync(path.join(dir, 'initial-admin-password'))).toBe(false);
    await expect(new ApiClient({ baseUrl: instance.baseUrl }).signInWithPassword({ username: 'admin@demo.example', password: 'whatever it is' })).rejects.toMatchObject({ status: 401 });
  }, 90_000);
});

describe('HTTPS with the operator’s certificate', () => {
  function makeCertificate(dir: string, name: string): { cert: string; key: string; fingerprint: string } {
    const cert = path.join(dir, `${name}.crt`);
    const key = path.join(dir, `${name}.key`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2', '-subj', `/CN=${name}`, '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
    return { cert, key, fingerprint: new crypto.X509Certificate(fs.readFileSync(cert)).fingerprint256 };
  }

  function peerFingerprint(port: number, ca: Buffer): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = https.get({ host: '127.0.0.1', port, path: '/healthz', ca, agent: false }, (res) => {
        const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
        res.resume();
        res.on('end', () => resolve(fingerprint));
      });
      req.on('error', reject);
    });
  }

  it('serves TLS_CERT_FILE/TLS_KEY_FILE and picks up a renewed certificate on SIGHUP', async () => {
    const dir = tmp();
    const first = makeCertificate(dir, 'first');
    const live = { cert: path.join(dir, 'live.crt'), key: path.join(dir, 'live.key') };
    fs.copyFileSync(first.cert, live.cert);
    fs.copyFileSync(first.key, live.key);
    const child = spawn(process.execPath, [serverEntry], {
      env: { PATH: process.env.PATH ?? '', HOME: dir, HOST: '127.0.0.1', PORT: '0', TLS: 'on', TLS_CERT_FILE: live.cert, TLS_KEY_FILE: live.key, NODE_ENV: 'test', DATA_DIR: dir, SECRET_KEY: keyHex() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const port = await new Promise<number>((resolve, reject) => {
        const onData = (c: Buffer) => {
          output += c.toString();
          const m = /Server listening at https:\/\/127\.0\.0\.1:(\d+)/.exec(output);
          // The certificate line comes after the listening line (main.ts prints once listening).
          if (m && /TLS certificate: /.test(output)) resolve(Number(m[1]));
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${output}`)));
      });
      expect(output).toMatch(/TLS certificate: CN=first/);
      expect(await peerFingerprint(port, fs.readFileSync(first.cert))).toBe(first.fingerprint);

      const renewed = makeCertificate(dir, 'renewed');
      fs.copyFileSync(renewed.cert, live.cert);
      fs.copyFileSync(renewed.key, live.key);
      const reloaded = new Promise<void>((resolve) => {
        const check = () => (/TLS certificate reloaded/.test(output) ? resolve() : setTimeout(check, 50));
        check();
      });
      child.kill('SIGHUP');
      await reloaded;
      expect(await peerFingerprint(port, fs.readFileSync(renewed.cert))).toBe(renewed.fingerprint);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
    }
  }, 90_000);

  it('refuses a key that does not belong to the certificate, naming TLS_KEY_FILE', async () => {
    const dir = tmp();
    const a = makeCertificate(dir, 'a');
    const b = makeCertificate(dir, 'b');
    const result = await runUntilExit({ TLS: 'on', TLS_CERT_FILE: a.cert, TLS_KEY_FILE: b.key, DATA_DIR: dir, SECRET_KEY: keyHex(), HOME: dir });
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/TLS_KEY_FILE: .* is not the private key of the certificate/);
  }, 60_000);
});

describe('operator commands', () => {
  const run = (entry: string, args: string[], env: Record<string, string>) => {
    try {
      return { code: 0, output: execFileSync(process.execPath, [entry, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', stdio: 'pipe' }) };
    } catch (error) {
      const e = error as { status: number; stdout: string; stderr: string };
      return { code: e.status, output: `${e.stdout}${e.stderr}` };
    }
  };

  it('npm run migrate -- --help prints help and touches no database', () => {
    const dir = tmp();
    const result = run(migrateEntry, ['--help'], { DATA_DIR: dir });
    expect(result.code).toBe(0);
    expect(result.output).toMatch(/Usage: npm run migrate/);
    expect(fs.readdirSync(dir)).toEqual([]);
    const unknown = run(migrateEntry, ['--hlep'], { DATA_DIR: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/Unknown option --hlep/);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('organization names are unique (case-insensitively), so --org NAME names one organization', () => {
    const dir = tmp();
    const admin = path.join(path.dirname(serverEntry), 'cli', 'admin.js');
    const env = { DATA_DIR: dir, LOG_LEVEL: 'silent' };
    expect(run(admin, ['create-org', '--name', 'Fabrikam'], env).code).toBe(0);
    const again = run(admin, ['create-org', '--name', 'fabrikam'], env);
    expect(again.code).not.toBe(0);
    expect(again.output).toMatch(/An organization named "fabrikam" already exists/);
  });
});
