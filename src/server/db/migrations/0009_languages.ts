import type { Kysely } from 'kysely';

/**
 * Languages (issue 12):
 * - `users.locale`: the language the user chose under Account Settings
 *   (null: the portal follows the browser; emails and texts use the org's default).
 * - `users.time_zone`: the user's IANA time zone (null: emails say UTC).
 * - `orgs.default_locale`: the language of emails and texts for users who chose none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('locale', 'text').execute();
  await db.schema.alterTable('users').addColumn('time_zone', 'text').execute();
  await db.schema.alterTable('orgs').addColumn('default_locale', 'text', (c) => c.notNull().defaultTo('en')).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orgs').dropColumn('default_locale').execute();
  await db.schema.alterTable('users').dropColumn('time_zone').execute();
  await db.schema.alterTable('users').dropColumn('locale').execute();
}
