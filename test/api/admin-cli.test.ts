/** The operator's command line, run as operators run it: a separate process on the same data directory. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAdminCli } from '../helpers/admin-cli';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-cli-'));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
const admin = (...args: string[]) => runAdminCli(env, args);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('creates an org and users, sets policy and passwords, resets 2FA, unlocks; --json for scripts', async () => {
  const org = await admin('create-org', '--name', 'Contoso', '--require-2fa', 'on', '--json');
  expect(org.code).toBe(0);
  expect(JSON.parse(org.stdout)).toMatchObject({ ok: true, org: { name: 'Contoso' } });

  const user = await admin('create-user', '--org', 'Contoso', '--username', 'Bob@Contoso.example', '--role', 'admin', '--json');
  expect(user.code).toBe(0);
  const created = JSON.parse(user.stdout);
  expect(created.user).toMatchObject({ username: 'bob@contoso.example', role: 'admin' });
  expect(created.password.length).toBeGreaterThanOrEqual(16);

  const policy = await admin('set-policy', '--org', 'Contoso', '--methods', 'totp,email', '--max-age', '8h', '--idle', '30m', '--json');
  expect(JSON.parse(policy.stdout).policy).toMatchObject({ require2fa: true, allowedMethods: ['totp', 'email'], sessionMaxAgeSeconds: 28800, sessionIdleSeconds: 1800 });
  // The operator's way out when an org's admins lost their passkeys.
  const passkeys = await admin('set-policy', '--org', 'Contoso', '--require-admin-passkey', 'off', '--passkeys', 'off', '--json');
  expect(JSON.parse(passkeys.stdout).policy).toMatchObject({ passkeysAllowed: false, requireAdminPasskey: false });

  expect((await admin('set-password', '--user', 'bob@contoso.example', '--password', 'a fine long passphrase')).code).toBe(0);
  expect((await admin('reset-2fa', '--user', 'bob@contoso.example')).stdout).toContain('reset-2fa: done');
  expect((await admin('unlock', '--user', 'bob@contoso.example', '--json')).stdout).toContain('"ok":true');
}, 60_000);

test('failures exit non-zero with a one-line reason', async () => {
  const unknownUser = await admin('unlock', '--user', 'nobody@example.com');
  expect(unknownUser.code).toBe(1);
  expect(unknownUser.stderr.trim().split('\n')).toHaveLength(1);
  expect(unknownUser.stderr).toContain('not found');

  const weak = await admin('create-user', '--org', 'Contoso', '--username', 'eve', '--password', 'short', '--json');
  expect(weak.code).toBe(1);
  expect(JSON.parse(weak.stdout)).toMatchObject({ ok: false });

  const usage = await admin('set-policy', '--org', 'Contoso', '--idle', 'forever');
  expect(usage.code).toBe(2);
  expect(usage.stderr).toContain('--idle takes a duration');

  expect((await admin('frobnicate')).code).toBe(2);
  const help = await admin('reset-2fa', '--help');
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Usage: npm run admin -- reset-2fa --user USER');
}, 60_000);
