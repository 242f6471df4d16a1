/**
 * Delivery settings from the environment (SMTP for email, a Twilio-style REST
 * API for SMS). With nothing configured and NODE_ENV !== 'production', both go
 * to the development outbox; in production an unconfigured channel is off.
 */
import fs from 'node:fs';
import { ConfigError, parseHttpUrl } from '../config';

export type StartTls = 'require' | 'opportunistic' | 'off';

export interface SmtpSettings {
  kind: 'smtp';
  /** smtp://user:pass@host:587 (STARTTLS) or smtps://host:465 (TLS from the first byte). */
  url: string;
  /** From address, e.g. "AXIS CloudSync <no-reply@example.com>". */
  from: string;
  starttls: StartTls;
  /** Check the server's certificate (on unless SMTP_TLS_REJECT_UNAUTHORIZED=false). */
  rejectUnauthorized: boolean;
  /** PEM of extra CAs to trust (SMTP_TLS_CA_FILE). */
  ca?: string;
}

export interface TwilioSettings {
  kind: 'twilio';
  /** https://api.twilio.com, or a compatible API / a test double. */
  baseUrl: string;
  account: string;
  token: string;
  /** E.164 sender number, or a Messaging Service SID (MG…). */
  from: string;
}

export interface OutboxSettings {
  kind: 'outbox';
  /** Also print messages (with their codes) to the log: development only. */
  log: boolean;
}

export interface OffSettings {
  kind: 'off';
}

export interface DeliverySettings {
  email: SmtpSettings | OutboxSettings | OffSettings;
  sms: TwilioSettings | OutboxSettings | OffSettings;
}

export function parseDeliveryConfig(env: NodeJS.ProcessEnv, production: boolean, publicUrl: string): DeliverySettings {
  const outbox = devOutboxAllowed(env, production, publicUrl);
  const fallback = (): OutboxSettings | OffSettings => (outbox ? { kind: 'outbox', log: true } : { kind: 'off' });
  return {
    email: env.SMTP_URL ? parseSmtp(env, publicUrl) : fallback(),
    sms: env.SMS_PROVIDER_ACCOUNT || env.SMS_PROVIDER_TOKEN || env.SMS_PROVIDER_FROM ? parseTwilio(env) : fallback(),
  };
}

function parseSmtp(env: NodeJS.ProcessEnv, publicUrl: string): SmtpSettings {
  const raw = env.SMTP_URL!.trim();
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587 or smtps://mail.example.com:465');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new ConfigError(`SMTP_URL must start with smtp:// or smtps:// (got "${url.protocol}")`);
  if (!url.hostname) throw new ConfigError('SMTP_URL needs a host name');
  const loopback = ['localhost', '127.0.0.1', '[::1]', '::1'].includes(url.hostname);
  const starttls = (env.SMTP_STARTTLS ?? (loopback ? 'opportunistic' : 'require')).trim();
  if (!['require', 'opportunistic', 'off'].includes(starttls)) {
    throw new ConfigError(`SMTP_STARTTLS must be "require", "opportunistic" or "off" (got "${env.SMTP_STARTTLS}")`);
  }
  const reject = (env.SMTP_TLS_REJECT_UNAUTHORIZED ?? 'true').trim();
  if (reject !== 'true' && reject !== 'false') throw new ConfigError('SMTP_TLS_REJECT_UNAUTHORIZED must be "true" or "false"');
  let ca: string | undefined;
  if (env.SMTP_TLS_CA_FILE) {
    try {
      ca = fs.readFileSync(env.SMTP_TLS_CA_FILE, 'utf8');
    } catch {
      throw new ConfigError(`SMTP_TLS_CA_FILE cannot be read: ${env.SMTP_TLS_CA_FILE}`);
    }
  }
  const from = (env.MAIL_FROM ?? `AXIS CloudSync <no-reply@${new URL(publicUrl).hostname}>`).trim();
  if (!/^([^<>@\s][^<>]*<)?[^<>@\s]+@[^<>@\s]+\.?[^<>@\s]*>?$/.test(from) || (from.includes('<') !== from.endsWith('>'))) {
    throw new ConfigError(`MAIL_FROM must be an address, optionally with a name: "AXIS CloudSync <no-reply@example.com>" (got "${from}")`);
  }
  return { kind: 'smtp', url: raw, from, starttls: starttls as StartTls, rejectUnauthorized: reject === 'true', ...(ca ? { ca } : {}) };
}

function parseTwilio(env: NodeJS.ProcessEnv): TwilioSettings {
  const account = env.SMS_PROVIDER_ACCOUNT?.trim();
  const token = env.SMS_PROVIDER_TOKEN?.trim();
  const from = env.SMS_PROVIDER_FROM?.trim();
  const missing = [
    ['SMS_PROVIDER_ACCOUNT', account],
    ['SMS_PROVIDER_TOKEN', token],
    ['SMS_PROVIDER_FROM', from],
  ].filter(([, v]) => !v).map(([k]) => k);
  if (missing.length > 0) throw new ConfigError(`SMS delivery needs ${missing.join(', ')} as well (account SID, auth token and sender)`);
  if (!/^[A-Za-z0-9_-]{2,64}$/.test(account!)) throw new ConfigError('SMS_PROVIDER_ACCOUNT must be the account SID (letters and digits)');
  if (!/^\+[1-9]\d{6,14}$/.test(from!) && !/^MG[0-9a-fA-F]{32}$/.test(from!)) {
    throw new ConfigError(`SMS_PROVIDER_FROM must be an E.164 number such as +15551234567 or a Messaging Service SID (MG…) (got "${from}")`);
  }
  const rawUrl = (env.SMS_PROVIDER_URL ?? 'https://api.twilio.com').trim();
  parseHttpUrl(rawUrl, 'SMS_PROVIDER_URL', 'https://api.twilio.com');
  return { kind: 'twilio', baseUrl: rawUrl.replace(/\/+$/, ''), account: account!, token: token!, from: from! };
}

/**
 * The development outbox shows every code it holds: never in production, and outside production only for a
 * server whose PUBLIC_URL is a localhost origin, unless DEV_OUTBOX=on says so (DEV_OUTBOX=off turns it off).
 */
export function devOutboxAllowed(env: NodeJS.ProcessEnv, production: boolean, publicUrl: string): boolean {
  if (production) return false;
  const raw = (env.DEV_OUTBOX ?? '').trim().toLowerCase();
  if (raw === 'on') return true;
  if (raw === 'off') return false;
  if (raw !== '') throw new ConfigError(`DEV_OUTBOX must be "on" or "off" (got "${env.DEV_OUTBOX}")`);
  return isLoopbackHost(new URL(publicUrl).hostname);
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname.endsWith('.localhost') || hostname === '[::1]' || hostname === '::1' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
