/**
 * Start-up failures an operator can act on: one line that names the variable
 * and the cause, exit code 2 (the same as a configuration error). Anything
 * else is a bug: its stack trace, exit code 1.
 */
import type { Config } from './config';

type NodeError = Error & { code?: string; syscall?: string; hostname?: string; address?: string; port?: number; path?: string };

/** postgres://user:secret@db:5432/x → db:5432 (never the password). */
function databaseWhere(env: NodeJS.ProcessEnv): string {
  const raw = env.DATABASE_URL ?? '';
  try {
    const url = new URL(raw);
    if (url.protocol.startsWith('postgres')) return `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  } catch {
    // not a URL: a sqlite: or file: path
  }
  return raw.replace(/^(sqlite|file):(\/\/)?/, '') || 'the SQLite file in DATA_DIR';
}

const pgCauses: Record<string, string> = {
  '28P01': 'the password was refused',
  '28000': 'the user may not connect',
  '3D000': 'the database does not exist',
  '57P03': 'the database is starting up or shutting down',
  '53300': 'the database has no free connections',
};

/** The one-line explanation, or null when the error is not one an operator can fix by configuration. */
export function describeStartupError(error: unknown, env: NodeJS.ProcessEnv = process.env): string | null {
  if (!(error instanceof Error)) return null;
  const e = error as NodeError;
  const host = (env.HOST ?? 'localhost').trim();
  const port = env.PORT ?? '3000';
  if (e.syscall === 'listen' || e.code === 'EADDRINUSE') {
    const variable = e.port !== undefined && String(e.port) === (env.MANAGEMENT_PORT ?? '').trim() && String(e.port) !== port ? 'MANAGEMENT_PORT' : 'PORT';
    const value = variable === 'PORT' ? port : env.MANAGEMENT_PORT;
    if (e.code === 'EADDRINUSE') return `${variable}=${value}: the port is already in use on ${e.address ?? host}; stop the other process or choose another port.`;
    if (e.code === 'EACCES') return `${variable}=${value}: not allowed to listen on this port (ports below 1024 need privileges); choose a port above 1023.`;
    if (e.code === 'EADDRNOTAVAIL') return `HOST=${host}: this machine has no such address to listen on (${e.code}); use localhost, 0.0.0.0 or one of its addresses.`;
    return `PORT=${port} / HOST=${host}: cannot listen (${e.code ?? e.message}).`;
  }
  if ((e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') && e.hostname !== undefined && (e.hostname === host || e.hostname === env.MANAGEMENT_HOST?.trim())) {
    const variable = e.hostname === host ? 'HOST' : 'MANAGEMENT_HOST';
    return `${variable}=${e.hostname}: the name does not resolve to an address of this machine (${e.code}); use localhost, 0.0.0.0 or an address.`;
  }
  const where = databaseWhere(env);
  if (e.code && pgCauses[e.code]) return `DATABASE_URL (${where}): ${pgCauses[e.code]} (${e.message}).`;
  if (e.code === 'ECONNREFUSED') return `DATABASE_URL (${where}): connection refused; is PostgreSQL running there and reachable from this machine?`;
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `DATABASE_URL (${where}): the host name ${e.hostname ?? ''} does not resolve (${e.code}).`;
  if (e.code === 'ETIMEDOUT' || e.code === 'EHOSTUNREACH' || e.code === 'ENETUNREACH' || /timeout exceeded when trying to connect/i.test(e.message)) {
    return `DATABASE_URL (${where}): the database did not answer (${e.code ?? 'timeout'}); check the host, the port and the firewall.`;
  }
  if (e.code?.startsWith('SQLITE_')) return `DATABASE_URL (${where}): SQLite cannot use the file (${e.code}: ${e.message}).`;
  if ((e.code === 'EACCES' || e.code === 'EROFS' || e.code === 'ENOENT') && e.path) {
    const variable = e.path.includes((env.DATA_DIR ?? 'data').replace(/^\.\//, '')) ? 'DATA_DIR' : 'DATABASE_URL';
    return `${variable}: cannot create or open ${e.path} (${e.code}); check that the directory exists and this user may write to it.`;
  }
  return null;
}

/** The last catch of `main()`: a known cause in one line (exit 2), else the stack (exit 1). */
export function exitOnStartupError(error: unknown): never {
  const line = describeStartupError(error);
  if (line) {
    console.error(`Start-up failed: ${line}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
}

/** Production without email or SMS delivery: users cannot get codes by that channel. Warned at start. */
export function deliveryWarnings(config: Pick<Config, 'production' | 'delivery'>): string[] {
  if (!config.production) return [];
  const warnings: string[] = [];
  if (config.delivery.email.kind === 'off') warnings.push('NODE_ENV=production without email delivery: set SMTP_URL (and MAIL_FROM) so users can get email codes and security notifications; until then email codes are refused.');
  if (config.delivery.sms.kind === 'off') warnings.push('NODE_ENV=production without SMS delivery: set SMS_PROVIDER_ACCOUNT, SMS_PROVIDER_TOKEN and SMS_PROVIDER_FROM so users can get text-message codes; until then SMS codes are refused.');
  return warnings;
}
