/**
 * `npm run migrate`: brings the database to this version's schema, once, before
 * a rolling upgrade starts new instances with MIGRATE_ON_START=off. Also makes
 * the first-start demo organization on an empty database (as `npm start` does).
 * Exit 0 when the database is current; non-zero with a one-line reason otherwise.
 *   --check   only report: exit 0 when nothing is pending, 4 when something is.
 */
import { ConfigError, loadConfig } from '../config';
import { migrateToLatest, openStore, pendingMigrations, unknownMigrations, withStartupLock } from '../db/database';
import { noBootstrapHelp, seedIfEmpty } from '../seed';
import { createServices } from '../services';
import { verifyKeyCheck } from '../crypto/key-check';

const help = `Usage: npm run migrate [-- --check]

Brings the database (DATABASE_URL, default SQLite in DATA_DIR) to this version's schema, records the
SECRET_KEY check value on first use, and on an empty database makes the first organization: from
BOOTSTRAP_ORG and BOOTSTRAP_ADMIN, or the demo organization outside production.
  --check   only report: exit 0 when nothing is pending, 4 when something is.
  --help    this text; changes nothing.`;

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(help);
    return 0;
  }
  const unknownArg = args.find((a) => a !== '--check');
  if (unknownArg) {
    console.error(`Unknown option ${unknownArg}.\n\n${help}`);
    return 2;
  }
  const check = args.includes('--check');
  const config = loadConfig();
  const store = await openStore(config.database, { applicationName: 'axis-cloudsync-2fa migrate' });
  try {
    const pending = await pendingMigrations(store.db);
    const unknown = await unknownMigrations(store.db);
    if (unknown.length > 0) console.log(`Note: the database has migrations newer than this version: ${unknown.join(', ')}`);
    if (check) {
      console.log(pending.length === 0 ? `Database (${store.kind}) is current.` : `Pending migrations (${store.kind}): ${pending.join(', ')}`);
      return pending.length === 0 ? 0 : 4;
    }
    const services = createServices({ db: store.db, secretKey: config.secretKey, limits: config.limits });
    const { applied, seeded } = await withStartupLock(store, config.database, async () => ({
      applied: await migrateToLatest(store.db),
      seeded: await seedIfEmpty(services, config.dataDir, config),
    }));
    // The first run records the key check value; later runs (and instances) must have the same SECRET_KEY.
    await verifyKeyCheck(store.db, config.secretKey);
    console.log(applied.length > 0 ? `Applied to ${store.kind}: ${applied.join(', ')}` : `Database (${store.kind}) was already current.`);
    if (seeded?.created) console.log(`Created "${seeded.orgName}" and its administrator ${seeded.username}; the password is in ${seeded.passwordFile}.`);
    if (seeded && !seeded.created) console.log(noBootstrapHelp);
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : `Migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(error instanceof ConfigError ? 2 : 1);
  },
);
