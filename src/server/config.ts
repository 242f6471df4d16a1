/**
 * Configuration from environment variables, validated once at start. A bad
 * value stops the process with a message that names the variable.
 */
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import net from 'node:net';
import { parseDeliveryConfig, type DeliverySettings } from './delivery/config';
import { defaultLimits, type Limits } from './services/limits';
import { parseMetricsConfig, type MetricsSettings } from './metrics/config';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** 'sqlite' with a file path, or 'postgres' with a connection string. */
  database: { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string; poolSize: number };
  publicUrl: string;
  /** 32 bytes: encryption at rest (AES-256-GCM) and keyed hashes (HMAC-SHA256). */
  secretKey: Buffer;
  /** SECRET_KEY_PREVIOUS: the key before a rotation (npm run admin -- rotate-key); backup codes made under it still work. */
  previousSecretKey: Buffer | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  tls: boolean;
  /** Fastify trustProxy: false, true, a hop count, or a list of addresses/CIDRs. */
  trustProxy: boolean | number | string[];
  production: boolean;
  /** Directory of the built web files (add-in and portal). */
  webRoot: string;
  supportPhone: string;
  /** SUPPORT_URL: the support link of the add-in manifest (default <PUBLIC_URL>/support.html). */
  supportUrl: string | undefined;
  /** Origins (besides our own) whose pages may call the API: the add-in's, when it is hosted elsewhere. */
  corsOrigins: string[];
  /** MIGRATE_ON_START (default on): run migrations (and the first-start seed) at start. Off: the operator runs `npm run migrate` once. */
  migrateOnStart: boolean;
  /** LIMIT_* overrides of the security limits (tests and unusual deployments; the defaults are the product's rules). */
  limits: Partial<Limits>;
  /** Email (SMTP) and SMS (Twilio-style) delivery; the dev outbox when not configured outside production. */
  delivery: DeliverySettings;
  /** MANAGEMENT_PORT / MANAGEMENT_HOST / METRICS_TOKEN (docs/configuration.md): where /metrics is served. */
  metrics: MetricsSettings;
  /** BOOTSTRAP_ORG + BOOTSTRAP_ADMIN: the first organization and administrator on an empty database (seed.ts). */
  bootstrap: { org: string; admin: string } | null;
  /** TLS_CERT_FILE + TLS_KEY_FILE (PEM): a real certificate; null = the development certificate when TLS is on. */
  tlsFiles: { cert: string; key: string } | null;
}

export class ConfigError extends Error {}

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = parseInteger(env.PORT ?? '3000', 'PORT', 0, 65535);
  const host = (env.HOST ?? 'localhost').trim();
  if (!host) throw new ConfigError('HOST must not be empty (e.g. localhost, 127.0.0.1 or 0.0.0.0)');
  const dataDir = path.resolve(env.DATA_DIR ?? 'data');
  const tls = parseTls(env.TLS);
  const database = parseDatabase(env.DATABASE_URL, dataDir, env.DATABASE_POOL_SIZE);
  const publicUrl = parseHttpUrl(env.PUBLIC_URL ?? `${tls ? 'https' : 'http'}://localhost:${port}`, 'PUBLIC_URL', 'https://cloudsync.example.com').origin;
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!(logLevels as readonly string[]).includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${logLevels.join(', ')} (got "${env.LOG_LEVEL}")`);
  }
  const production = env.NODE_ENV === 'production';
  return {
    port,
    host,
    dataDir,
    database,
    publicUrl,
    secretKey: loadSecretKey(env.SECRET_KEY, dataDir, secretKeyRequiredBecause(database, production)),
    previousSecretKey: env.SECRET_KEY_PREVIOUS ? decodeKey(env.SECRET_KEY_PREVIOUS, 'SECRET_KEY_PREVIOUS') : null,
    logLevel: logLevel as Config['logLevel'],
    tls,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    production,
    webRoot: path.resolve(env.WEB_ROOT ?? 'dist'),
    supportPhone: env.SUPPORT_PHONE ?? '1-866-232-2211',
    supportUrl: env.SUPPORT_URL ? parseHttpUrl(env.SUPPORT_URL, 'SUPPORT_URL', 'https://support.example.com/cloudsync').href : undefined,
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean).map((o) => parseHttpUrl(o, 'CORS_ORIGINS', 'https://addin.example.com').origin),
    migrateOnStart: parseOnOff(env.MIGRATE_ON_START, 'MIGRATE_ON_START', true),
    limits: parseLimits(env),
    delivery: parseDeliveryConfig(env, production, publicUrl),
    metrics: parseMetricsConfig(env, port),
    bootstrap: parseBootstrap(env.BOOTSTRAP_ORG, env.BOOTSTRAP_ADMIN),
    tlsFiles: parseTlsFiles(env.TLS_CERT_FILE, env.TLS_KEY_FILE, tls),
  };
}

function parseBootstrap(orgRaw: string | undefined, adminRaw: string | undefined): Config['bootstrap'] {
  const org = orgRaw?.trim() ?? '';
  const admin = adminRaw?.trim().toLowerCase() ?? '';
  if (!org && !admin) return null;
  if (!org || !admin) throw new ConfigError('BOOTSTRAP_ORG and BOOTSTRAP_ADMIN go together (e.g. BOOTSTRAP_ORG="Contoso" BOOTSTRAP_ADMIN=admin@contoso.example)');
  if (org.length > 120) throw new ConfigError('BOOTSTRAP_ORG must be 1 to 120 characters');
  if (!/^[a-z0-9._@+-]{1,254}$/.test(admin)) throw new ConfigError(`BOOTSTRAP_ADMIN must be a sign-in name such as admin@contoso.example (letters, digits and . _ @ + -; got "${adminRaw}")`);
  return { org, admin };
}

function parseTlsFiles(cert: string | undefined, key: string | undefined, tls: boolean): Config['tlsFiles'] {
  if (!cert && !key) return null;
  if (!cert || !key) throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE go together (PEM files: the certificate chain and its private key)');
  if (!tls) throw new ConfigError('TLS_CERT_FILE and TLS_KEY_FILE need TLS=on (behind a TLS proxy, set TLS=off and leave them unset)');
  for (const [name, file] of [['TLS_CERT_FILE', cert], ['TLS_KEY_FILE', key]] as const) {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch {
      throw new ConfigError(`${name}: cannot read ${file}`);
    }
  }
  return { cert: path.resolve(cert), key: path.resolve(key) };
}

function parseOnOff(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (['on', 'true', '1', 'yes'].includes(raw.toLowerCase())) return true;
  if (['off', 'false', '0', 'no'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be "on" or "off" (got "${raw}")`);
}

/** LIMIT_DELAY_BASE_MS=200 overrides limits.delayBaseMs, and so on for every key of Limits. */
export function limitEnvName(key: keyof Limits): string {
  return `LIMIT_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function parseLimits(env: NodeJS.ProcessEnv): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const key of Object.keys(defaultLimits) as (keyof Limits)[]) {
    const name = limitEnvName(key);
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    limits[key] = parseInteger(raw, name, key === 'backupCodeCount' ? 1 : 0, key === 'backupCodeCount' ? 100 : 2 ** 31);
  }
  for (const name of Object.keys(env)) {
    if (name.startsWith('LIMIT_') && !(Object.keys(defaultLimits) as (keyof Limits)[]).some((k) => limitEnvName(k) === name)) {
      throw new ConfigError(`${name} is not a known limit (known: ${(Object.keys(defaultLimits) as (keyof Limits)[]).map(limitEnvName).join(', ')})`);
    }
  }
  return limits;
}

function parseInteger(raw: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(`${name} must be a whole number (got "${raw}")`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max} (got ${value})`);
  return value;
}

function parseTls(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === 'on') return true;
  if (raw === 'off') return false;
  throw new ConfigError(`TLS must be "on" or "off" (got "${raw}")`);
}

function parseDatabase(url: string | undefined, dataDir: string, poolSizeRaw: string | undefined): Config['database'] {
  if (!url) return { kind: 'sqlite', file: path.join(dataDir, 'cloudsync.db') };
  if (/^postgres(ql)?:\/\//.test(url)) {
    const poolSize = parseInteger(poolSizeRaw ?? '10', 'DATABASE_POOL_SIZE', 1, 1000);
    return { kind: 'postgres', url, poolSize };
  }
  if (url.startsWith('sqlite:') || url.startsWith('file:')) {
    const file = url.replace(/^(sqlite|file):(\/\/)?/, '');
    if (!file) throw new ConfigError('DATABASE_URL sqlite: needs a file path, e.g. sqlite:./data/cloudsync.db');
    return { kind: 'sqlite', file: path.resolve(file) };
  }
  throw new ConfigError('DATABASE_URL must start with postgres://, postgresql://, sqlite: or file:');
}

/** An absolute http(s) URL, or a ConfigError that names the variable. */
export function parseHttpUrl(raw: string, name: string, example: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL such as ${example} (got "${raw}")`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`${name} must be http(s)`);
  return url;
}

function parseTrustProxy(raw: string | undefined): Config['trustProxy'] {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const list = raw.split(',').map((s) => s.trim()).filter(Boolean);
  // proxy-addr's names, addresses and CIDR ranges; anything else would fail deep inside Fastify at start.
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  for (const entry of list) {
    const [address, bits, extra] = entry.split('/');
    const family = net.isIP(address ?? '');
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!named.includes(entry) && (family === 0 || !bitsOk || extra !== undefined)) {
      throw new ConfigError(`TRUST_PROXY must be true, false, a hop count, or a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal (got "${entry}")`);
    }
  }
  return list;
}

/** Where a key made up on one machine would break things, SECRET_KEY must be given. */
function secretKeyRequiredBecause(database: Config['database'], production: boolean): string | null {
  if (database.kind === 'postgres') return 'instances sharing a PostgreSQL database must all use the same key';
  if (production) return 'NODE_ENV=production';
  return null;
}

/** SECRET_KEY (64 hex chars or base64 of 32 bytes), else DATA_DIR/secret.key, created 0600 when missing (development only). */
function loadSecretKey(raw: string | undefined, dataDir: string, requiredBecause: string | null): Buffer {
  if (raw) return decodeKey(raw, 'SECRET_KEY');
  if (requiredBecause) {
    throw new ConfigError(`SECRET_KEY is required (${requiredBecause}). Make one with \`openssl rand -hex 32\`, keep it with your secrets, and give the same value to every instance`);
  }
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return decodeKey(fs.readFileSync(file, 'utf8').trim(), file);
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const key = crypto.randomBytes(32);
  fs.writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

export function decodeKey(raw: string, source: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) {
    throw new ConfigError(`${source} must hold 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)`);
  }
  return key;
}
