/**
 * The built server (`node build/server/main.js`, built by `npm test` before
 * jest) started with bad settings: one line naming the variable and the
 * cause, exit code 2; no stack trace. And a production start without
 * delivery warns, naming the variables.
 */
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const entry = path.resolve('build/server/main.js');
const dirs: string[] = [];

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-start-'));
  dirs.push(dataDir);
  // SECRET_KEY is required on PostgreSQL and in production (issue 14): give one, so each test meets only its own failure.
  return { PATH: process.env.PATH, DATA_DIR: dataDir, TLS: 'off', LOG_LEVEL: 'info', HOST: '127.0.0.1', PORT: '0', SECRET_KEY: crypto.randomBytes(32).toString('hex'), ...extra };
}

function start(env: NodeJS.ProcessEnv): { exited: Promise<{ code: number | null; stdout: string; stderr: string }>; output: () => string; kill: () => void } {
  const child = spawn(process.execPath, [entry], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
  return { exited, output: () => stdout + stderr, kill: () => child.kill('SIGTERM') };
}

async function failedStart(extra: Record<string, string>): Promise<string> {
  const { code, stderr } = await start(baseEnv(extra)).exited;
  expect(code).toBe(2);
  const text = stderr.trim();
  expect(text.split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at /);
  return text;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((resolve) => setTimeout(resolve, 50));
}

afterAll(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

test('build/server/main.js exists (npm test builds it before jest)', () => {
  expect(fs.existsSync(entry)).toBe(true);
});

test('an unreachable DATABASE_URL: one line naming it and the cause, never the password', async () => {
  const line = await failedStart({ DATABASE_URL: 'postgres://axis:hunter2-secret@127.0.0.1:1/axis' });
  expect(line).toMatch(/^Start-up failed: DATABASE_URL \(127\.0\.0\.1:1\/axis\): connection refused/);
  expect(line).not.toContain('hunter2');
});

test('a port in use: one line naming PORT', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const line = await failedStart({ PORT: String(port) });
    expect(line).toBe(`Start-up failed: PORT=${port}: the port is already in use on 127.0.0.1; stop the other process or choose another port.`);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('a management port in use: one line naming MANAGEMENT_PORT', async () => {
  const blocker = net.createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const line = await failedStart({ MANAGEMENT_PORT: String(port) });
    expect(line).toMatch(new RegExp(`^Start-up failed: MANAGEMENT_PORT=${port}: the port is already in use`));
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('an unresolvable HOST: one line naming HOST', async () => {
  const line = await failedStart({ HOST: 'no-such-host.invalid' });
  expect(line).toMatch(/^Start-up failed: HOST=no-such-host\.invalid: the name does not resolve/);
});

test('an invalid TRUST_PROXY: one line naming TRUST_PROXY', async () => {
  const line = await failedStart({ TRUST_PROXY: '10.0.0.0/8,not-an-address' });
  expect(line).toMatch(/^Configuration error: TRUST_PROXY must be .* \(got "not-an-address"\)$/);
});

test('production without email or SMS delivery warns at start, naming the variables; log lines carry the request id', async () => {
  const port = await freePort();
  const server = start(baseEnv({ NODE_ENV: 'production', PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }));
  try {
    await until(() => server.output().includes('AXIS CloudSync 2FA server:'));
    const text = server.output();
    expect(text).toContain('without email delivery: set SMTP_URL');
    expect(text).toContain('without SMS delivery: set SMS_PROVIDER_ACCOUNT, SMS_PROVIDER_TOKEN and SMS_PROVIDER_FROM');
    const response = await fetch(`http://127.0.0.1:${port}/healthz`);
    const id = response.headers.get('x-request-id');
    expect(id).toBeTruthy();
    await until(() => server.output().includes(`"reqId":"${id}"`));
  } finally {
    server.kill();
    await server.exited;
  }
});
