import type { Kysely } from 'kysely';

/**
 * SMS and email codes (issue 5): the codes themselves (keyed hashes only), the
 * development outbox, and the mailbox a pending sign-in came from (the add-in's
 * email rule). Portable across SQLite and PostgreSQL.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delivered_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('factor_id', 'text', (c) => c.notNull().references('factors.id').onDelete('cascade'))
    // A pending token id (sign-in), a session id (step-up) or the pending factor id (enrollment).
    .addColumn('attempt_id', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // HMAC-SHA256(server key, attempt | factor | code): one indexed conditional UPDATE consumes it.
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('consumed_at', 'bigint')
    .addColumn('voided_at', 'bigint')
    .execute();
  await db.schema.createIndex('delivered_codes_attempt').on('delivered_codes').columns(['attempt_id', 'factor_id']).execute();
  await db.schema.createIndex('delivered_codes_user').on('delivered_codes').columns(['user_id', 'created_at']).execute();

  await db.schema
    .createTable('dev_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text')
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text')
    .execute();
  await db.schema.createIndex('dev_outbox_at').on('dev_outbox').column('at').execute();

  await db.schema.alterTable('tokens').addColumn('mailbox', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tokens').dropColumn('mailbox').execute();
  await db.schema.dropTable('dev_outbox').ifExists().execute();
  await db.schema.dropTable('delivered_codes').ifExists().execute();
}
