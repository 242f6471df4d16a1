import type { Kysely } from 'kysely';

/**
 * Key-bound device registrations: the Outlook add-in holds a non-extractable
 * WebCrypto key and proves it by signing a server challenge, so no bearer
 * device secret lives in the browser's storage. `secret_hash` is '' for such
 * a registration. A challenge is stateless until used; `used_device_challenges`
 * holds the nonces already accepted (until they expire), so each one opens
 * one sign-in whatever the order or the instance.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('registrations').addColumn('public_key', 'text').execute();
  await db.schema
    .createTable('used_device_challenges')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('registration_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('used_device_challenges_expiry').on('used_device_challenges').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('used_device_challenges').ifExists().execute();
  await db.schema.alterTable('registrations').dropColumn('public_key').execute();
}
