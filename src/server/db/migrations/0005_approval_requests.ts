import type { Kysely } from 'kysely';

/**
 * Approval requests: the Outlook add-in's "Approve with a passkey in your
 * browser". A request is bound to the pane's pending sign-in (and so to the
 * device registration the pending sign-in came from); it lives in the
 * database so any instance can answer the pane, the approval page or both.
 * The id is a 128-bit random string (it is the approval URL); the page's own
 * token is kept only as its hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('pending_token_id', 'text', (c) => c.notNull())
    .addColumn('registration_id', 'text')
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('choices', 'text', (c) => c.notNull())
    .addColumn('client_type', 'text')
    .addColumn('host', 'text')
    .addColumn('mailbox', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('page_token_hash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema.createIndex('approval_requests_pending').on('approval_requests').column('pending_token_id').execute();
  await db.schema.createIndex('approval_requests_expiry').on('approval_requests').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('approval_requests').ifExists().execute();
}
