/**
 * Bulk seeding for the benchmarks: an organization, N users with an active
 * TOTP factor each, and pending sign-in tokens — written straight into the
 * SQLite file with prepared statements in large transactions, in the exact
 * shape the services write them (schema from the product's own migration,
 * TOTP secrets sealed by the product's SecretBox under the server's
 * SECRET_KEY, token hashes by the product's hashToken). One argon2id hash
 * is computed once and shared by every user (a hash per user would take
 * hours at 1 M users and measures nothing the password benchmark does not).
 *
 * Ids and TOTP secrets are derived from the user's index with HMAC under a
 * per-run seed: random-looking (ids spread across the B-tree like real
 * random UUIDs) yet recomputable, so nothing per user is kept in memory.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { hashPassword } from '../src/server/crypto/password';
import { SecretBox } from '../src/server/crypto/secret-box';
import { hashToken, randomToken } from '../src/server/crypto/tokens';
import { migrateToLatest, openStore } from '../src/server/db/database';
import { defaultPolicy, policyToColumns } from '../src/server/services/policy';

export const benchPassword = 'bench: correct horse battery staple';

export interface BenchDatabase {
  file: string;
  /** The server's SECRET_KEY (32 bytes): the SecretBox key is derived from it, as in the server. */
  secretKey: Buffer;
  orgId: string;
  /** Users seeded so far: indices 0 … userCount-1. */
  userCount: number;
  userId(index: number): string;
  factorId(index: number): string;
  username(index: number): string;
  /** The TOTP secret of user `index` (20 bytes, as newTotpSecret makes). */
  totpSecret(index: number): Buffer;
  /** Grows the population to `total` users. Answers the seconds it took. */
  growTo(total: number): Promise<number>;
  /** Pending tokens (purpose verify), one per entry of `userIndices`; answers the bearer strings. */
  issuePending(userIndices: number[]): string[];
  /** Clears the per-user second-factor state (used TOTP step, failure count, delay, lock) of these users. */
  resetUsers(userIndices: Iterable<number>): void;
  /** Row counts, for the report. */
  counts(): Record<string, number>;
  fileBytes(): number;
  close(): void;
}

/** 64 bytes per (label, index) from one HMAC-SHA512: cheap enough for a million rows. */
export function derive(seed: Buffer, label: string, index: number): Buffer {
  return crypto.createHmac('sha512', seed).update(`${label}:${index}`).digest();
}

/** A version-4-shaped UUID from 16 derived bytes (what crypto.randomUUID produces, but recomputable). */
export function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export async function createBenchDatabase(dir: string, secretKey: Buffer): Promise<BenchDatabase> {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'cloudsync.db');
  // The product's own migrations make the schema (through its own store).
  const store = await openStore({ kind: 'sqlite', file });
  await migrateToLatest(store.db);
  await store.close();

  const seed = crypto.randomBytes(32);
  const box = new SecretBox(secretKey);
  const passwordHash = await hashPassword(benchPassword);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Seeding only: a page cache that holds the whole 1 M-user file (random-order
  // index inserts would otherwise go to the OS for every page), and no fsync
  // (a crash mid-seed just means seeding again). The server opens the file
  // with its own settings (WAL, synchronous = NORMAL, default cache).
  sqlite.pragma('cache_size = -1572864');
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('wal_autocheckpoint = 100000');

  const now = Date.now();
  const orgId = crypto.randomUUID();
  sqlite
    .prepare(
      `insert into orgs (id, name, require_2fa, allowed_methods, session_max_age_s, session_idle_s, allow_email_to_addin_mailbox, created_at)
       values (@id, @name, @require_2fa, @allowed_methods, @session_max_age_s, @session_idle_s, @allow_email_to_addin_mailbox, @created_at)`,
    )
    .run({ id: orgId, name: 'Bench Organization', ...policyToColumns(defaultPolicy), created_at: now });

  // One derivation per user: bytes 0-15 the user id, 16-31 the factor id, 32-51 the TOTP secret.
  const material = (i: number) => derive(seed, 'user', i);
  const userId = (i: number) => uuidFrom(material(i).subarray(0, 16));
  const factorId = (i: number) => uuidFrom(material(i).subarray(16, 32));
  const username = (i: number) => `user${i}@bench.example`;
  const totpSecret = (i: number) => Buffer.from(material(i).subarray(32, 52));

  const insertUser = sqlite.prepare(
    `insert into users (id, org_id, username, email, display_name, role, password_hash, credential_epoch,
       failed_2fa, next_2fa_at, lock_until, lock_level, last_sign_in_at, created_at)
     values (?, ?, ?, ?, ?, 'user', ?, 1, 0, 0, 0, 0, null, ?)`,
  );
  const insertFactor = sqlite.prepare(
    `insert into factors (id, user_id, kind, status, label, secret_enc, destination, last_step, created_at, confirmed_at)
     values (?, ?, 'totp', 'active', 'Authenticator app', ?, null, null, ?, ?)`,
  );
  const insertBatch = sqlite.transaction((from: number, to: number) => {
    const at = Date.now();
    for (let i = from; i < to; i++) {
      const m = material(i);
      const uid = uuidFrom(m.subarray(0, 16));
      const fid = uuidFrom(m.subarray(16, 32));
      const name = username(i);
      insertUser.run(uid, orgId, name, name, `Bench User ${i}`, passwordHash, at);
      // Sealed exactly as FactorService.startTotp does: AES-256-GCM, the factor id as associated data.
      insertFactor.run(fid, uid, box.seal(Buffer.from(m.subarray(32, 52)), fid), at, at);
    }
  });

  const insertToken = sqlite.prepare(
    `insert into tokens (id, token_hash, kind, user_id, epoch, purpose, client_type, registration_id, ip, user_agent,
       created_at, last_used_at, expires_at, consumed_at, revoked_at, step_up_at)
     values (?, ?, 'pending', ?, 1, 'verify', 'outlook-addin', null, '127.0.0.1', 'bench', ?, ?, ?, null, null, null)`,
  );
  const issueBatch = sqlite.transaction((indices: number[], tokens: string[]) => {
    const at = Date.now();
    // TokenService.issuePending's lifetime: ten minutes.
    const expires = at + 10 * 60_000;
    for (let k = 0; k < indices.length; k++) {
      insertToken.run(crypto.randomUUID(), hashToken(tokens[k]!), userId(indices[k]!), at, at, expires);
    }
  });

  const resetUser = sqlite.prepare('update users set failed_2fa = 0, next_2fa_at = 0, lock_until = 0, lock_level = 0 where id = ?');
  const resetFactor = sqlite.prepare('update factors set last_step = null where id = ?');
  const resetBatch = sqlite.transaction((indices: number[]) => {
    for (const i of indices) {
      resetUser.run(userId(i));
      resetFactor.run(factorId(i));
    }
  });

  const db: BenchDatabase = {
    file,
    secretKey,
    orgId,
    userCount: 0,
    userId,
    factorId,
    username,
    totpSecret,
    async growTo(total) {
      const started = process.hrtime.bigint();
      const batch = 20_000;
      for (let from = db.userCount; from < total; from += batch) {
        insertBatch(from, Math.min(total, from + batch));
        // Let timers and child-process pipes breathe between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
      db.userCount = Math.max(db.userCount, total);
      // No ANALYZE: a production database is not analyzed either, so the planner sees what it sees there.
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      return Number(process.hrtime.bigint() - started) / 1e9;
    },
    issuePending(userIndices) {
      const tokens = userIndices.map(() => randomToken());
      issueBatch(userIndices, tokens);
      return tokens;
    },
    resetUsers(userIndices) {
      resetBatch([...userIndices]);
    },
    counts() {
      const out: Record<string, number> = {};
      for (const table of ['users', 'factors', 'tokens', 'audit_events']) {
        out[table] = (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
      }
      return out;
    },
    fileBytes() {
      let bytes = 0;
      for (const suffix of ['', '-wal', '-shm']) {
        try {
          bytes += fs.statSync(file + suffix).size;
        } catch {
          /* not there */
        }
      }
      return bytes;
    },
    close() {
      sqlite.close();
    },
  };
  return db;
}
