import type { Kysely } from 'kysely';

/**
 * Passkeys (WebAuthn). `passkeys` keeps a credential's id and public key (COSE, base64url), its signature
 * counter and what the user named it: nothing secret. `webauthn_challenges` holds each challenge the server
 * issued until it is answered (deleted on use: single use) or expires (≤ 2 minutes), so any instance can
 * check an answer. `users.webauthn_handle` is the random WebAuthn user handle (never the email), made at
 * the first passkey. `tokens.passkey_step_up_at`: when a session last stepped up
 * with a passkey (admins, when required). Two org switches: passkeys allowed (on by default), passkeys required for admins.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('webauthn_handle', 'text').execute();
  await db.schema.alterTable('tokens').addColumn('passkey_step_up_at', 'bigint').execute();
  await db.schema.createIndex('users_webauthn_handle').on('users').column('webauthn_handle').unique().execute();
  await db.schema.alterTable('orgs').addColumn('passkeys_allowed', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('orgs').addColumn('require_admin_passkey', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema
    .createTable('passkeys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .execute();
  await db.schema.createIndex('passkeys_user').on('passkeys').column('user_id').execute();
  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('challenge', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('webauthn_challenges_expiry').on('webauthn_challenges').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('webauthn_challenges').ifExists().execute();
  await db.schema.dropTable('passkeys').ifExists().execute();
  await db.schema.alterTable('orgs').dropColumn('require_admin_passkey').execute();
  await db.schema.alterTable('orgs').dropColumn('passkeys_allowed').execute();
  await db.schema.dropIndex('users_webauthn_handle').ifExists().execute();
  await db.schema.alterTable('users').dropColumn('webauthn_handle').execute();
  await db.schema.alterTable('tokens').dropColumn('passkey_step_up_at').execute();
}
