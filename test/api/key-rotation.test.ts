/**
 * SECRET_KEY rotation as an operator does it, with the built server and CLI
 * (npm test builds them first): `npm run admin -- rotate-key` re-seals the TOTP
 * secrets under the new key and replaces the key check value; a TOTP user
 * still signs in on the new key, backup codes from before work while
 * SECRET_KEY_PREVIOUS is set, and an instance on the old key refuses to start.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApiClient } from '../../src/shared/api-client';
import { runAdminCli } from '../helpers/admin-cli';
import { codeFor } from '../helpers/totp';
import { serverEntry, startInstance, stopAll } from '../multi/instances';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-rotate-'));
const databaseUrl = `sqlite:${path.join(dir, 'shared.db')}`;
const oldKey = crypto.randomBytes(32).toString('hex');
const newKey = crypto.randomBytes(32).toString('hex');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => stopAll());

function admin(env: Record<string, string>, ...args: string[]) {
  const base = { PATH: process.env.PATH ?? '', DATA_DIR: dir, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', NODE_ENV: 'test' };
  return runAdminCli({ ...base, ...env }, args);
}

function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serverEntry], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir(), HOST: '127.0.0.1', PORT: '0', TLS: 'off', NODE_ENV: 'test', DATA_DIR: dir, DATABASE_URL: databaseUrl, ...env },
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

/** Password, step-up, authenticator app: the user's TOTP secret and backup codes. */
async function enrollTotp(baseUrl: string, username: string, password: string): Promise<{ secret: string; backupCodes: string[] }> {
  const client = new ApiClient({ baseUrl });
  const first = await client.signInWithPassword({ username, password });
  client.setToken(first.session!.token);
  await client.stepUp({ password });
  const started = await client.startTotpEnrollment({});
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code: codeFor(started.secret, Date.now()) });
  return { secret: started.secret, backupCodes: confirmed.backupCodes ?? [] };
}

async function signInWith(baseUrl: string, username: string, password: string, method: 'totp' | 'backup_code', code: string) {
  const client = new ApiClient({ baseUrl });
  const first = await client.signInWithPassword({ username, password });
  expect(first.next).toBe('verify');
  return client.verify(first.pendingToken!, { method, code });
}

test('rotate-key: TOTP users still sign in under the new key, old backup codes work with SECRET_KEY_PREVIOUS, the old key refuses to start', async () => {
  const before = await startInstance({ name: 'rotate-old', databaseUrl, secretKeyHex: oldKey });
  expect((await admin({ SECRET_KEY: oldKey }, 'create-org', '--name', 'Contoso')).code).toBe(0);
  for (const name of ['ann', 'bob']) {
    expect((await admin({ SECRET_KEY: oldKey }, 'create-user', '--org', 'Contoso', '--username', `${name}@contoso.example`, '--password', `${name} long passphrase 2026`)).code).toBe(0);
  }
  const ann = await enrollTotp(before.baseUrl, 'ann@contoso.example', 'ann long passphrase 2026');
  const bob = await enrollTotp(before.baseUrl, 'bob@contoso.example', 'bob long passphrase 2026');
  expect(ann.backupCodes.length).toBeGreaterThan(0);
  await before.stop();

  // Without the old key: refused, with a reason; a wrong old key: refused, nothing changed.
  const noOld = await admin({ SECRET_KEY: newKey }, 'rotate-key', '--json');
  expect(noOld.code).toBe(2);
  expect(JSON.parse(noOld.stdout).error).toMatch(/SECRET_KEY_PREVIOUS/);
  const wrongOld = await admin({ SECRET_KEY: newKey, SECRET_KEY_PREVIOUS: crypto.randomBytes(32).toString('hex') }, 'rotate-key', '--json');
  expect(wrongOld.code).toBe(1);
  expect(JSON.parse(wrongOld.stdout).error).toMatch(/not the key this database was set up with/);
  expect((await admin({}, 'rotate-key', '--help')).stdout).toMatch(/Usage: npm run admin -- rotate-key/);

  // The old key from a file (--old-key-file), the new one in SECRET_KEY.
  const oldKeyFile = path.join(dir, 'old.key');
  fs.writeFileSync(oldKeyFile, `${oldKey}\n`, { mode: 0o600 });
  const rotated = await admin({ SECRET_KEY: newKey }, 'rotate-key', '--old-key-file', oldKeyFile, '--json');
  expect(rotated.code).toBe(0);
  expect(JSON.parse(rotated.stdout)).toMatchObject({ ok: true, resealed: 2, usersWithOldBackupCodes: 2 });
  expect(rotated.stdout).not.toContain(oldKey);
  expect(rotated.stdout).not.toContain(newKey);
  // Once done, done: a second run says so.
  const again = await admin({ SECRET_KEY: newKey, SECRET_KEY_PREVIOUS: oldKey }, 'rotate-key', '--json');
  expect(again.code).toBe(1);
  expect(JSON.parse(again.stdout).error).toMatch(/already under the new SECRET_KEY/);

  // An instance still on the old key refuses to start, naming SECRET_KEY.
  const stale = await runUntilExit({ SECRET_KEY: oldKey });
  expect(stale.code).toBe(2);
  expect(stale.output).toMatch(/SECRET_KEY does not match the key this database was set up with/);

  // The new key alone: the TOTP secret was re-sealed, so Ann's app still works; Bob's old backup code does not.
  const after = await startInstance({ name: 'rotate-new', databaseUrl, secretKeyHex: newKey });
  const annSession = await signInWith(after.baseUrl, 'ann@contoso.example', 'ann long passphrase 2026', 'totp', codeFor(ann.secret, Date.now() + 30_000));
  expect(annSession.session.token).toBeTruthy();
  await expect(signInWith(after.baseUrl, 'bob@contoso.example', 'bob long passphrase 2026', 'backup_code', bob.backupCodes[0]!)).rejects.toMatchObject({ status: 401 });
  await after.stop();

  // With SECRET_KEY_PREVIOUS set, backup codes made before the rotation still work.
  const withPrevious = await startInstance({ name: 'rotate-prev', databaseUrl, secretKeyHex: newKey, env: { SECRET_KEY_PREVIOUS: oldKey } });
  const annBackup = await signInWith(withPrevious.baseUrl, 'ann@contoso.example', 'ann long passphrase 2026', 'backup_code', ann.backupCodes[0]!);
  expect(annBackup.session.token).toBeTruthy();
}, 180_000);
