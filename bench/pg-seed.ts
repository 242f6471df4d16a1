/**
 * The PostgreSQL twin of bench/seed.ts: a database of its own in the private
 * cluster, the product's migrations for the schema, then an organization and
 * N users with an active TOTP factor, in the shape the services write them
 * (TOTP secrets sealed by the product's SecretBox under the server's
 * SECRET_KEY, the factor id as associated data; pending tokens hashed by the
 * product's hashToken, ten-minute expiry). Ids and secrets derive from the
 * user's index as in seed.ts, so nothing per user is kept in memory.
 * Multi-row INSERTs through the product's own Kysely store.
 */
import crypto from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import { hashPassword } from '../src/server/crypto/password';
import { SecretBox } from '../src/server/crypto/secret-box';
import { hashToken, randomToken } from '../src/server/crypto/tokens';
import { migrateToLatest, openStore, type Store } from '../src/server/db/database';
import type { FactorsTable, UsersTable } from '../src/server/db/schema';
import { defaultPolicy, policyToColumns } from '../src/server/services/policy';
import { benchPassword, derive, uuidFrom } from './seed';
import type { VerifyStore } from './verify-plan';

export interface PgBenchDatabase extends VerifyStore {
  /** postgres://… of this database (for the API servers' DATABASE_URL). */
  url: string;
  secretKey: Buffer;
  issuePending(userIndices: number[]): Promise<string[]>;
  resetUsers(userIndices: Iterable<number>): Promise<void>;
  growTo(total: number): Promise<number>;
  /** Table and index size, MB. */
  megabytes(): Promise<number>;
  /** Backends of this database waiting for a lock (heavyweight: row or table), now. */
  lockWaiters(): Promise<number>;
  close(): Promise<void>;
}

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export async function createPgBenchDatabase(adminUrl: string, secretKey: Buffer): Promise<PgBenchDatabase> {
  const { default: pg } = await import('pg');
  const name = `axis_bench_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(adminUrl);
  target.pathname = `/${name}`;
  const url = target.toString();
  const store: Store = await openStore({ kind: 'postgres', url, poolSize: 2 }, { applicationName: 'axis-bench-seed' });
  await migrateToLatest(store.db);

  const seed = crypto.randomBytes(32);
  const box = new SecretBox(secretKey);
  const passwordHash = await hashPassword(benchPassword);
  const orgId = crypto.randomUUID();
  await store.db
    .insertInto('orgs')
    .values({ id: orgId, name: 'Bench Organization', ...policyToColumns(defaultPolicy), created_at: Date.now() })
    .execute();
  const material = (i: number) => derive(seed, 'user', i);
  const userId = (i: number) => uuidFrom(material(i).subarray(0, 16));
  const factorId = (i: number) => uuidFrom(material(i).subarray(16, 32));

  const db: PgBenchDatabase = {
    url,
    secretKey,
    userCount: 0,
    totpSecret: (i) => Buffer.from(material(i).subarray(32, 52)),
    async growTo(total) {
      const started = process.hrtime.bigint();
      for (let from = db.userCount; from < total; from += 2_000) {
        const to = Math.min(total, from + 2_000);
        const at = Date.now();
        const users: Insertable<UsersTable>[] = [];
        const factors: Insertable<FactorsTable>[] = [];
        for (let i = from; i < to; i++) {
          const m = material(i);
          const uid = uuidFrom(m.subarray(0, 16));
          const fid = uuidFrom(m.subarray(16, 32));
          const name = `user${i}@bench.example`;
          users.push({
            id: uid,
            org_id: orgId,
            username: name,
            email: name,
            display_name: `Bench User ${i}`,
            role: 'user' as const,
            password_hash: passwordHash,
            credential_epoch: 1,
            failed_2fa: 0,
            next_2fa_at: 0,
            lock_until: 0,
            lock_level: 0,
            last_sign_in_at: null,
            created_at: at,
          });
          // Sealed exactly as FactorService.startTotp does: AES-256-GCM, the factor id as associated data.
          factors.push({
            id: fid,
            user_id: uid,
            kind: 'totp' as const,
            status: 'active' as const,
            label: 'Authenticator app',
            secret_enc: box.seal(Buffer.from(m.subarray(32, 52)), fid),
            destination: null,
            last_step: null,
            created_at: at,
            confirmed_at: at,
          });
        }
        await store.db.transaction().execute(async (trx) => {
          await trx.insertInto('users').values(users).execute();
          await trx.insertInto('factors').values(factors).execute();
        });
      }
      db.userCount = Math.max(db.userCount, total);
      // Production PostgreSQL is analyzed by autovacuum; do it now rather than in the middle of a measured run.
      await sql`analyze`.execute(store.db);
      return Number(process.hrtime.bigint() - started) / 1e9;
    },
    async issuePending(userIndices) {
      const tokens = userIndices.map(() => randomToken());
      const at = Date.now();
      const rows = userIndices.map((u, k) => ({
        id: crypto.randomUUID(),
        token_hash: hashToken(tokens[k]!),
        kind: 'pending' as const,
        user_id: userId(u),
        epoch: 1,
        purpose: 'verify',
        client_type: 'outlook-addin',
        registration_id: null,
        ip: '127.0.0.1',
        user_agent: 'bench',
        created_at: at,
        last_used_at: at,
        // TokenService.issuePending's lifetime: ten minutes.
        expires_at: at + 10 * 60_000,
        consumed_at: null,
        revoked_at: null,
        step_up_at: null,
      }));
      for (const batch of chunks(rows, 2_000)) await store.db.insertInto('tokens').values(batch).execute();
      return tokens;
    },
    async resetUsers(userIndices) {
      for (const batch of chunks([...userIndices], 2_000)) {
        await store.db
          .updateTable('users')
          .set({ failed_2fa: 0, next_2fa_at: 0, lock_until: 0, lock_level: 0 })
          .where('id', 'in', batch.map(userId))
          .execute();
        await store.db.updateTable('factors').set({ last_step: null }).where('id', 'in', batch.map(factorId)).execute();
      }
    },
    async megabytes() {
      const { rows } = await sql<{ bytes: number }>`select pg_database_size(current_database()) as bytes`.execute(store.db);
      return Number(rows[0]?.bytes ?? 0) / 1e6;
    },
    async lockWaiters() {
      const { rows } = await sql<{ n: number }>`
        select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(store.db);
      return Number(rows[0]?.n ?? 0);
    },
    async close() {
      await store.close();
    },
  };
  return db;
}
