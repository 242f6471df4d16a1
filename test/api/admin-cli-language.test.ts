/** `set-policy --default-language`: the operator sets an organization's language for emails and texts. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runAdminCli } from '../helpers/admin-cli';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-cli-lang-'));
const env = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent' };
const admin = (...args: string[]) => runAdminCli(env, args);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

test('set-policy --default-language sets the language of emails and texts; a language not shipped is a usage error', async () => {
  expect((await admin('create-org', '--name', 'Contoso', '--json')).code).toBe(0);

  const set = await admin('set-policy', '--org', 'Contoso', '--default-language', 'de', '--json');
  expect(set.code).toBe(0);
  expect(JSON.parse(set.stdout).policy).toMatchObject({ defaultLocale: 'de', require2fa: false });
  // Case as people type it: pt-br is pt-BR.
  expect(JSON.parse((await admin('set-policy', '--org', 'Contoso', '--default-language', 'pt-br', '--json')).stdout).policy.defaultLocale).toBe('pt-BR');
  // Another change keeps the language.
  expect(JSON.parse((await admin('set-policy', '--org', 'Contoso', '--idle', '30m', '--json')).stdout).policy).toMatchObject({ defaultLocale: 'pt-BR', sessionIdleSeconds: 1800 });

  const wrong = await admin('set-policy', '--org', 'Contoso', '--default-language', 'klingon');
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain('--default-language takes one of en, de, fr, es, ja, pt-BR, ar');

  const help = await admin('set-policy', '--help');
  expect(help.stdout).toContain('[--default-language en|de|fr|es|ja|pt-BR|ar]');
}, 60_000);
