/**
 * `npm run migrate`: brings the database to this version's schema, once, before
 * a rolling upgrade starts new instances with MIGRATE_ON_START=off. Also makes
 * the first-start demo organization on an empty database (as `npm start` does).
 * Exit 0 when the database is current; non-zero with a one-line reason otherwise.
 *   --check   only report: exit 0 when nothing is pending, 4 when something is.
 */
import { ConfigError, loadConfig } from '../config';
import { migrateToLatest, openStore, pendingMigrations, unknownMigrations, withStartupLock } from '../db/database';
import { seedIfEmpty } from '../seed';
import { createServices } from '../services';

async function main(): Promise<number> {
  const check = process.argv.includes('--check');
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
      seeded: await seedIfEmpty(services, config.dataDir),
    }));
    console.log(applied.length > 0 ? `Applied to ${store.kind}: ${applied.join(', ')}` : `Database (${store.kind}) was already current.`);
    if (seeded) console.log(`Created "${seeded.orgName}" and its administrator ${seeded.username}; the password is in ${seeded.passwordFile}.`);
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
