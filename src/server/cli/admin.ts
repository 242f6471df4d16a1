/**
 * `npm run admin -- <command>`: run the system before (or without) the portal.
 * Exit 0 on success; non-zero with a one-line reason on failure; --json for scripts.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, decodeKey, loadConfig } from '../config';
import { KeyRotationError, rotateSecretKey } from '../crypto/key-rotation';
import { migrateToLatest, openStore } from '../db/database';
import { createServices, type Services } from '../services';
import { cliContext } from '../services/audit';
import { msg, ServiceError } from '../services/errors';
import type { OrgPolicy } from '../services/policy';
import type { FactorKind } from '../../shared/schemas';
import { locales, type ShippedLocale } from '../../shared/i18n/locales';

interface Command {
  summary: string;
  usage: string;
  options: Record<string, { type: 'string' | 'boolean' }>;
  run(services: Services, values: Record<string, string | boolean | undefined>): Promise<Record<string, unknown>>;
}

const operator = { ...cliContext, actorId: null };

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

/** --password-stdin reads it from standard input; with neither flag a strong one is generated and shown. */
function passwordFrom(values: Record<string, unknown>): { password: string; generated: boolean } {
  if (values['password-stdin']) return { password: fs.readFileSync(0, 'utf8').replace(/\r?\n$/, ''), generated: false };
  if (typeof values.password === 'string') return { password: values.password, generated: false };
  return { password: crypto.randomBytes(15).toString('base64url'), generated: true };
}

function duration(raw: string, name: string): number {
  const match = /^(\d+)(s|m|h|d)?$/.exec(raw.trim());
  if (!match) throw new UsageError(`--${name} takes a duration like 90m, 12h or 3600 (seconds)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(match[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

function onOff(raw: string, name: string): boolean {
  if (['on', 'true', 'yes'].includes(raw)) return true;
  if (['off', 'false', 'no'].includes(raw)) return false;
  throw new UsageError(`--${name} takes on or off`);
}

function language(raw: string): ShippedLocale {
  const locale = locales.find((l) => l.toLowerCase() === raw.trim().toLowerCase());
  if (!locale) throw new UsageError(`--default-language takes one of ${locales.join(', ')}`);
  return locale;
}

async function orgId(services: Services, idOrName: string): Promise<string> {
  const org = await services.administration.findOrg(idOrName);
  if (!org) throw new ServiceError('not_found', 404, msg('server.error.noSuchOrg', { name: idOrName }));
  return org.id;
}

const commands: Record<string, Command> = {
  'create-org': {
    summary: 'Create an organization',
    usage: 'create-org --name NAME [--require-2fa on|off]',
    options: { name: { type: 'string' }, 'require-2fa': { type: 'string' } },
    async run(services, values) {
      const policy: Partial<OrgPolicy> = {};
      if (typeof values['require-2fa'] === 'string') policy.require2fa = onOff(values['require-2fa'], 'require-2fa');
      const org = await services.administration.createOrg(required(values, 'name'), policy, operator);
      return { ok: true, org };
    },
  },
  'create-user': {
    summary: 'Create a user in an organization',
    usage: 'create-user --org ORG --username NAME [--email ADDRESS] [--display-name NAME] [--role admin|user] [--password P | --password-stdin]',
    options: {
      org: { type: 'string' }, username: { type: 'string' }, email: { type: 'string' }, 'display-name': { type: 'string' },
      role: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' },
    },
    async run(services, values) {
      const role = (values.role as string | undefined) ?? 'user';
      if (role !== 'admin' && role !== 'user') throw new UsageError('--role takes admin or user');
      const { password, generated } = passwordFrom(values);
      const user = await services.administration.createUser(
        {
          orgId: await orgId(services, required(values, 'org')),
          username: required(values, 'username'),
          password,
          role,
          email: (values.email as string | undefined) ?? null,
          displayName: values['display-name'] as string | undefined,
        },
        operator,
      );
      return { ok: true, user: { id: user.id, username: user.username, role: user.role }, ...(generated ? { password } : {}) };
    },
  },
  'set-password': {
    summary: "Set a user's password (ends all their sessions and device registrations)",
    usage: 'set-password --user USER [--password P | --password-stdin]',
    options: { user: { type: 'string' }, password: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    async run(services, values) {
      const { password, generated } = passwordFrom(values);
      await services.administration.setPassword(required(values, 'user'), password, operator);
      return { ok: true, ...(generated ? { password } : {}) };
    },
  },
  'set-policy': {
    summary: "Set an organization's 2FA policy",
    usage: 'set-policy --org ORG [--require-2fa on|off] [--methods totp,sms,email] [--max-age 12h] [--idle 60m] [--email-to-addin-mailbox on|off] [--passkeys on|off] [--require-admin-passkey on|off] [--default-language en|de|fr|es|ja|pt-BR|ar]',
    options: {
      org: { type: 'string' }, 'require-2fa': { type: 'string' }, methods: { type: 'string' },
      'max-age': { type: 'string' }, idle: { type: 'string' }, 'email-to-addin-mailbox': { type: 'string' },
      passkeys: { type: 'string' }, 'require-admin-passkey': { type: 'string' }, 'default-language': { type: 'string' },
    },
    async run(services, values) {
      const changes: Partial<OrgPolicy> = {};
      if (typeof values['require-2fa'] === 'string') changes.require2fa = onOff(values['require-2fa'], 'require-2fa');
      if (typeof values.methods === 'string') {
        const kinds = values.methods.split(',').map((m) => m.trim());
        for (const kind of kinds) if (!['totp', 'sms', 'email'].includes(kind)) throw new UsageError(`unknown method "${kind}" (totp, sms, email)`);
        changes.allowedMethods = kinds as FactorKind[];
      }
      if (typeof values['max-age'] === 'string') changes.sessionMaxAgeSeconds = duration(values['max-age'], 'max-age');
      if (typeof values.idle === 'string') changes.sessionIdleSeconds = duration(values.idle, 'idle');
      if (typeof values['email-to-addin-mailbox'] === 'string') changes.allowEmailToAddinMailbox = onOff(values['email-to-addin-mailbox'], 'email-to-addin-mailbox');
      if (typeof values.passkeys === 'string') changes.passkeysAllowed = onOff(values.passkeys, 'passkeys');
      // The operator's way out when an org's admins lost their passkeys: --require-admin-passkey off.
      if (typeof values['require-admin-passkey'] === 'string') changes.requireAdminPasskey = onOff(values['require-admin-passkey'], 'require-admin-passkey');
      // The language of emails and texts for users who chose none.
      if (typeof values['default-language'] === 'string') changes.defaultLocale = language(values['default-language']);
      const policy = await services.administration.setPolicy(await orgId(services, required(values, 'org')), changes, operator);
      return { ok: true, policy };
    },
  },
  'reset-2fa': {
    summary: "Reset a user's 2FA (lost phone): methods, passkeys and backup codes removed, sessions and devices signed out",
    usage: 'reset-2fa --user USER',
    options: { user: { type: 'string' } },
    async run(services, values) {
      const user = await services.administration.resetTwoFactor(required(values, 'user'), operator);
      return { ok: true, user: user.username };
    },
  },
  'rotate-key': {
    summary: 'Re-seal the stored secrets under a new SECRET_KEY (the old key from SECRET_KEY_PREVIOUS or --old-key-file); stop every instance first',
    usage: 'rotate-key [--old-key-file FILE]   (SECRET_KEY=<new key>, SECRET_KEY_PREVIOUS=<old key> unless --old-key-file)',
    options: { 'old-key-file': { type: 'string' } },
    async run(services, values) {
      if (!process.env.SECRET_KEY) throw new UsageError('set SECRET_KEY to the new key (openssl rand -hex 32)');
      const file = values['old-key-file'];
      let oldKey: Buffer;
      if (typeof file === 'string') oldKey = decodeKey(fs.readFileSync(file, 'utf8').trim(), file);
      else if (process.env.SECRET_KEY_PREVIOUS) oldKey = decodeKey(process.env.SECRET_KEY_PREVIOUS, 'SECRET_KEY_PREVIOUS');
      else throw new UsageError('give the old key: SECRET_KEY_PREVIOUS=<old key> or --old-key-file FILE');
      const newKey = decodeKey(process.env.SECRET_KEY, 'SECRET_KEY');
      const result = await rotateSecretKey(services.db, oldKey, newKey, services.clock.now());
      await services.audit.record({ event: 'secret_key.rotated', outcome: 'success', actorId: null, ip: null, detail: { ...result } });
      return {
        ok: true,
        ...result,
        next:
          'Start every instance with the new SECRET_KEY (an instance on the old key now refuses to start). Keep SECRET_KEY_PREVIOUS=<old key> set ' +
          'on them while users still have backup codes from before (they keep working); remove it once those users have new codes.',
      };
    },
  },
  unlock: {
    summary: 'Lift a lock after too many wrong codes',
    usage: 'unlock --user USER',
    options: { user: { type: 'string' } },
    async run(services, values) {
      const user = await services.administration.unlock(required(values, 'user'), operator);
      return { ok: true, user: user.username };
    },
  },
};

function help(): string {
  return ['Usage: npm run admin -- <command> [options] [--json]', '', 'Commands:', ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(13)} ${c.summary}`), '', 'Each command takes --help.'].join('\n');
}

export async function runAdmin(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const json = rest.includes('--json');
  const fail = (message: string, code = 1) => {
    if (json) console.log(JSON.stringify({ ok: false, error: message }));
    else console.error(`error: ${message}`);
    return code;
  };
  if (!name || name === '--help' || name === 'help') {
    console.log(help());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) return fail(`unknown command "${name}" (npm run admin -- --help)`, 2);
  if (rest.includes('--help')) {
    console.log(`Usage: npm run admin -- ${command.usage} [--json]\n\n${command.summary}.`);
    return 0;
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args: rest, options: { ...command.options, json: { type: 'boolean' } }, strict: true }).values;
  } catch (error) {
    return fail(`${(error as Error).message} (usage: ${command.usage})`, 2);
  }
  let store;
  try {
    const config = loadConfig();
    store = await openStore(config.database);
    await migrateToLatest(store.db);
    const result = await command.run(createServices({ db: store.db, secretKey: config.secretKey, previousSecretKey: config.previousSecretKey }), values);
    if (json) console.log(JSON.stringify(result));
    else console.log(formatResult(name, result));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) return fail(`${error.message} (usage: ${command.usage})`, 2);
    if (error instanceof ServiceError || error instanceof ConfigError || error instanceof KeyRotationError) return fail(error.message);
    return fail((error as Error).message.split('\n')[0] ?? 'failed');
  } finally {
    await store?.close();
  }
}

function formatResult(name: string, result: Record<string, unknown>): string {
  const lines = [`${name}: done`];
  for (const [key, value] of Object.entries(result)) {
    if (key === 'ok') continue;
    if (key === 'password') lines.push(`  generated password (shown once): ${String(value)}`);
    else lines.push(`  ${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return lines.join('\n');
}

if (require.main === module) {
  runAdmin(process.argv.slice(2)).then((code) => process.exit(code));
}
