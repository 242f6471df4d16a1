import { PostgresAdapter, type Kysely } from 'kysely';

/** One migration set for SQLite and PostgreSQL: only portable types and statements. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('orgs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('require_2fa', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('allowed_methods', 'text', (c) => c.notNull())
    .addColumn('session_max_age_s', 'integer', (c) => c.notNull())
    .addColumn('session_idle_s', 'integer', (c) => c.notNull())
    .addColumn('allow_email_to_addin_mailbox', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('email', 'text')
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('credential_epoch', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('failed_2fa', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_2fa_at', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lock_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('lock_level', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_sign_in_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_org').on('users').columns(['org_id', 'username']).execute();

  await db.schema
    .createTable('factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('secret_enc', 'text')
    .addColumn('destination', 'text')
    .addColumn('last_step', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('confirmed_at', 'bigint')
    .execute();
  await db.schema.createIndex('factors_user').on('factors').columns(['user_id', 'status']).execute();

  await db.schema
    .createTable('backup_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('used_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('backup_codes_user').on('backup_codes').columns(['user_id', 'used_at']).execute();

  await db.schema
    .createTable('tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('client_type', 'text')
    .addColumn('registration_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('consumed_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .addColumn('step_up_at', 'bigint')
    .execute();
  await db.schema.createIndex('tokens_user').on('tokens').columns(['user_id', 'kind']).execute();

  await db.schema
    .createTable('registrations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_type', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('host', 'text')
    .addColumn('platform', 'text')
    .addColumn('mailbox', 'text')
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('epoch', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema.createIndex('registrations_user').on('registrations').column('user_id').execute();

  // The only per-database choice: an auto-numbered key (SQLite rowid alias, PostgreSQL bigserial).
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema
    .createTable('audit_events')
    .addColumn('id', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('client_type', 'text')
    .addColumn('ip', 'text')
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('audit_org_at').on('audit_events').columns(['org_id', 'at']).execute();
  await db.schema.createIndex('audit_user_at').on('audit_events').columns(['user_id', 'at']).execute();

  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['rate_limits', 'audit_events', 'registrations', 'tokens', 'backup_codes', 'factors', 'users', 'orgs']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
