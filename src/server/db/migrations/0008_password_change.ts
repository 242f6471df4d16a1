import type { Kysely } from 'kysely';

/**
 * First-sign-in password change (issue 14): `users.password_change_required`
 * (0/1). The bootstrap administrator's generated password is marked; until the
 * user chooses a new one, the API refuses account and admin actions with
 * `password_change_required`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('password_change_required', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('password_change_required').execute();
}
