/** `npm start`: configuration, database, migrations, demo seed, HTTPS, graceful shutdown. */
import pino from 'pino';
import { buildApp } from './app';
import { ConfigError, loadConfig } from './config';
import { migrateToLatest, openStore, pendingMigrations, withStartupLock } from './db/database';
import { noBootstrapHelp, seedIfEmpty, type SeedResult } from './seed';
import { createServices } from './services';
import { devCertificates, fileCertificates, TlsFileError, type TlsMaterial } from './tls';
import { Maintenance } from './services/maintenance';
import { systemClock } from './services/clock';
import { deliveryWarnings, exitOnStartupError } from './startup-errors';
import { KeyMismatchError, verifyKeyCheck } from './crypto/key-check';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`Configuration error: ${error.message}`);
      process.exit(2);
    }
    throw error;
  }
  const log = pino({ level: config.logLevel });
  for (const warning of deliveryWarnings(config)) log.warn(warning);
  const store = await openStore(config.database, { onPoolError: (error) => log.warn({ err: error }, 'database connection dropped; the pool will reconnect') });
  const services = createServices({
    db: store.db,
    secretKey: config.secretKey,
    previousSecretKey: config.previousSecretKey,
    limits: config.limits,
    delivery: { settings: config.delivery, log, messages: { publicUrl: config.publicUrl, supportPhone: config.supportPhone } },
    publicUrl: config.publicUrl,
  });
  let seeded: SeedResult | null = null;
  if (config.migrateOnStart) {
    // Instances starting together take turns (PostgreSQL advisory lock): one migrates and seeds.
    seeded = await withStartupLock(store, config.database, async () => {
      await migrateToLatest(store.db);
      return seedIfEmpty(services, config.dataDir, config);
    });
  } else {
    const pending = await pendingMigrations(store.db);
    if (pending.length > 0) {
      console.error(`The database needs migrations this version depends on (${pending.join(', ')}). Run \`npm run migrate\` once, then start the instances (MIGRATE_ON_START=off).`);
      await store.close();
      process.exit(3);
    }
  }
  // An instance with another SECRET_KEY than the database was set up with would fail every code: refuse to start.
  try {
    await verifyKeyCheck(store.db, config.secretKey);
  } catch (error) {
    if (!(error instanceof KeyMismatchError)) throw error;
    console.error(`Refusing to start: ${error.message}`);
    await store.close();
    process.exit(2);
  }
  let https: TlsMaterial | null = null;
  let certificate = '';
  if (config.tlsFiles) {
    try {
      const files = fileCertificates(config.tlsFiles);
      https = files;
      certificate = `${files.subject}, valid until ${files.validTo}`;
    } catch (error) {
      if (!(error instanceof TlsFileError)) throw error;
      console.error(`Configuration error: ${error.message}`);
      await store.close();
      process.exit(2);
    }
  } else if (config.tls) {
    https = await devCertificates(log);
  }
  const app = await buildApp({ config, store, services, https });
  await app.listen({ port: config.port, host: config.host });
  const origin = `${config.tls ? 'https' : 'http'}://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}`;
  console.log(`AXIS CloudSync 2FA server: ${origin} (database: ${store.kind}, API docs: ${origin}/api/openapi.json)`);
  const channels = [`email: ${config.delivery.email.kind}`, `SMS: ${config.delivery.sms.kind}`].join(', ');
  console.log(`Code delivery: ${channels}${services.delivery.outbox ? ` (development outbox: ${origin}/dev/outbox)` : ''}`);
  if (services.delivery.outbox) console.log('WARNING: the development outbox is ON: codes are not sent but shown at /dev/outbox (to this machine only) and in the log. Configure SMTP_URL and SMS_PROVIDER_*, or set DEV_OUTBOX=off.');
  if (certificate) console.log(`TLS certificate: ${certificate} (kill -HUP ${process.pid} reloads TLS_CERT_FILE and TLS_KEY_FILE)`);
  if (seeded && !seeded.created) console.warn(`\n${noBootstrapHelp}\n`);
  if (seeded?.created) {
    console.log(
      `\nFirst start: created ${seeded.demo ? 'the demo organization ' : ''}"${seeded.orgName}" and its administrator.\n` +
        `  Sign in as ${seeded.username}; the password is in ${seeded.passwordFile} (cat it; kept out of logs).\n` +
        `  It is for the first sign-in only: the portal then asks for a new one (or set one now: npm run admin -- set-password --user ${seeded.username}).\n`,
    );
  }

  // Hourly housekeeping; the timer does not keep the process alive.
  const stopSweeps = new Maintenance(store.db, systemClock).schedule(3600_000, (error) => log.warn({ err: error }, 'housekeeping sweep failed'));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    log.info(`${signal}: draining in-flight requests`);
    // A drain that hangs (a stuck client, an unreachable database) must not keep the process forever.
    setTimeout(() => {
      log.error('shutdown did not finish within 20 s; exiting');
      process.exit(1);
    }, 20_000).unref();
    // close() stops accepting, waits for in-flight requests, then we close the database.
    stopSweeps();
    await app.close();
    await services.notifications.flush();
    services.delivery.close();
    await store.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // A renewed certificate (certbot, an internal CA): read the files again, no restart, no dropped connection.
  const tlsFiles = config.tlsFiles;
  if (tlsFiles) {
    process.on('SIGHUP', () => {
      try {
        const renewed = fileCertificates(tlsFiles);
        (app.server as import('node:https').Server).setSecureContext({ key: renewed.key, cert: renewed.cert });
        log.info(`SIGHUP: TLS certificate reloaded (${renewed.subject}, valid until ${renewed.validTo})`);
      } catch (error) {
        log.error(`SIGHUP: TLS certificate not reloaded, the previous one stays in use: ${(error as Error).message}`);
      }
    });
  }
}

main().catch(exitOnStartupError);
