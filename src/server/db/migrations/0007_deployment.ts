import { sql, type Kysely } from 'kysely';

/**
 * Deployment (issue 14):
 * - `deployment_settings`: small named values every instance shares, first the
 *   key check value (a keyed hash of a constant under SECRET_KEY), so an
 *   instance started with another key refuses to start instead of failing
 *   every code.
 * - Organization names are unique (case-insensitively), so `--org NAME` names
 *   one organization. Existing duplicates are renamed "<name> (<id>)" first.
 */
/** The columns this migration reads and writes, as they are at 0007. */
type Orgs = { orgs: { id: string; name: string; created_at: number } };

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deployment_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  const orgsDb = db as unknown as Kysely<Orgs>;
  const orgs = await orgsDb.selectFrom('orgs').select(['id', 'name']).orderBy('created_at').orderBy('id').execute();
  const seen = new Set<string>();
  for (const org of orgs) {
    const key = org.name.toLowerCase();
    if (seen.has(key)) {
      await orgsDb.updateTable('orgs').set({ name: `${org.name} (${org.id})` }).where('id', '=', org.id).execute();
    } else {
      seen.add(key);
    }
  }
  await sql`CREATE UNIQUE INDEX orgs_name_unique ON orgs (lower(name))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP INDEX IF EXISTS orgs_name_unique`.execute(db);
  await db.schema.dropTable('deployment_settings').ifExists().execute();
}
