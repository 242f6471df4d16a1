/**
 * The SQLite floor of a verification: what the database work of one valid TOTP verify costs when nothing
 * else runs — no HTTP, no Fastify, no Kysely, no services — so the report can say how much of the server's
 * CPU per verify any change above the database could still remove.
 *
 * It records the statements the product itself runs for one verify (through its own services, on the bench
 * database: the token/user/org read, BEGIN IMMEDIATE, the throttle reservation, factors, the TOTP step, the
 * pending token spent, the users row, the session row, the audit rows, COMMIT), with their bound values,
 * then replays that exact sequence straight on better-sqlite3 (the server's pragmas, its own connection)
 * for other users: their ids and token in place of the recorded user's, fresh ids for the rows it inserts.
 * So the floor follows the product's SQL as it changes, with no copy of it here.
 *
 * Figures: CPU (user + system of this process) per replayed verify, COMMIT's share of the wall time, and
 * the WAL frames (pages) one verify's commit writes, the unit SQLite's commit cost scales with.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import SQLite from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { hashToken } from '../src/server/crypto/tokens';
import { applyServerPragmas, openStore } from '../src/server/db/database';
import { createServices } from '../src/server/services';
import { generateOtp } from '../src/server/services/totp';
import type { BenchDatabase } from './seed';
import type { SqliteFloor } from './types';

type Method = 'run' | 'all' | 'get';
interface Recorded {
  sql: string;
  method: Method;
  args: unknown[];
  result: unknown;
}

/** Records every statement better-sqlite3 executes while `record` runs (all connections of this process). */
async function recordStatements(record: () => Promise<void>): Promise<Recorded[]> {
  const probe = new SQLite(':memory:');
  const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<Method, (...args: unknown[]) => unknown>;
  probe.close();
  const originals = { run: proto.run, all: proto.all, get: proto.get };
  const recorded: Recorded[] = [];
  for (const method of ['run', 'all', 'get'] as const) {
    const original = originals[method];
    proto[method] = function (this: Statement, ...args: unknown[]) {
      const result = original.apply(this, args);
      recorded.push({ sql: this.source, method, args, result });
      return result;
    };
  }
  try {
    await record();
  } finally {
    Object.assign(proto, originals);
  }
  return recorded;
}

/** Rows a statement answered or changed: what a replay must match. */
function shape(result: unknown): string {
  if (Array.isArray(result)) return `rows ${result.length}`;
  if (result && typeof result === 'object' && 'changes' in result) return `changes ${(result as { changes: number }).changes}`;
  return result === undefined ? 'none' : 'row';
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const hashPattern = /^[0-9a-f]{64}$/;

/** Replaces the recorded user's values by another's; any other id or hash (a row being inserted) by a fresh one. */
function substitute(value: unknown, known: Map<unknown, unknown>): unknown {
  if (known.has(value)) return known.get(value);
  if (typeof value === 'string' && uuidPattern.test(value)) return crypto.randomUUID();
  if (typeof value === 'string' && hashPattern.test(value)) return crypto.randomBytes(32).toString('hex');
  if (Array.isArray(value)) return value.map((v) => substitute(v, known));
  if (value && typeof value === 'object' && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, known)]));
  }
  return value;
}

/**
 * `users`: bench users with no pending token spent yet (their state is reset by the caller afterwards);
 * the first is the one recorded through the product, the others are replayed.
 */
export async function measureSqliteFloor(db: BenchDatabase, users: number[]): Promise<SqliteFloor> {
  const [recordedUser, ...replayUsers] = users;
  if (recordedUser === undefined || replayUsers.length === 0) throw new Error('the SQLite floor needs at least two users');
  const [recordedToken, ...tokens] = db.issuePending(users);

  // 1. One verify as a request runs it (the pending token's check, then the verification) through the
  // product's own services, recorded at the driver.
  const store = await openStore({ kind: 'sqlite', file: db.file });
  let recorded: Recorded[];
  try {
    const services = createServices({ db: store.db, secretKey: db.secretKey });
    const ctx = { ip: '127.0.0.1', userAgent: 'bench', clientType: 'outlook-addin' };
    const code = generateOtp(db.totpSecret(recordedUser), { timestampMs: Date.now() });
    recorded = await recordStatements(async () => {
      const pending = await services.tokens.authenticatePending(recordedToken!);
      await services.signIn.verify(pending, { method: 'totp', code }, ctx);
    });
  } finally {
    await store.close();
  }
  const firstRow = (result: unknown) => (Array.isArray(result) ? result[0] : result) as { id?: string } | undefined;
  const pendingId = firstRow(recorded[0]?.result)?.id;
  if (!pendingId || !/^\s*select\b/i.test(recorded[0]!.sql)) throw new Error('the SQLite floor expected the token read first');

  // 2. The same statements straight on better-sqlite3, for the other users.
  const connection = new SQLite(db.file);
  applyServerPragmas(connection);
  const statements = recorded.map((r) => ({ ...r, statement: connection.prepare(r.sql) }));
  const isCommit = (sql: string) => /^\s*commit\b/i.test(sql);
  const replay = (k: number) => {
    const user = replayUsers[k]!;
    const known = new Map<unknown, unknown>([
      [db.orgId, db.orgId],
      [db.userId(recordedUser), db.userId(user)],
      [db.factorId(recordedUser), db.factorId(user)],
      [hashToken(recordedToken!), hashToken(tokens[k]!)],
    ]);
    let commitNs = 0n;
    for (const [i, s] of statements.entries()) {
      const started = isCommit(s.sql) ? process.hrtime.bigint() : 0n;
      const result = s.statement[s.method](...(substitute(s.args, known) as unknown[]));
      if (started) commitNs += process.hrtime.bigint() - started;
      // Each replayed statement must do what the recorded one did (the same rows changed or read), or the floor
      // would measure less work than a verify does.
      if (shape(result) !== shape(s.result)) throw new Error(`replay differs from the product's verify at: ${s.sql.slice(0, 80)}`);
      // The token read answers the pending token's id, which the later statements use.
      if (i === 0) known.set(pendingId, firstRow(result)?.id);
    }
    return commitNs;
  };

  try {
    // WAL frames per commit: a short sample with this connection's automatic checkpoints off, from an empty WAL.
    const walFile = `${db.file}-wal`;
    const pageSize = connection.pragma('page_size', { simple: true }) as number;
    const sample = Math.min(100, Math.floor(replayUsers.length / 5));
    connection.pragma('wal_checkpoint(TRUNCATE)');
    connection.pragma('wal_autocheckpoint = 0');
    const walBefore = fs.statSync(walFile).size;
    for (let k = 0; k < sample; k++) replay(k);
    const walHeader = walBefore === 0 ? 32 : 0;
    const walFramesPerCommit = (fs.statSync(walFile).size - walBefore - walHeader) / (pageSize + 24) / sample;
    connection.pragma('wal_autocheckpoint = 1000'); // SQLite's default, as the server runs
    connection.pragma('wal_checkpoint(TRUNCATE)');

    // CPU per verify over the rest, checkpoints included as the server pays them.
    const cpuBefore = process.cpuUsage();
    const wallBefore = process.hrtime.bigint();
    let commitNs = 0n;
    for (let k = sample; k < replayUsers.length; k++) commitNs += replay(k);
    const wallNs = process.hrtime.bigint() - wallBefore;
    const cpu = process.cpuUsage(cpuBefore);
    const verifies = replayUsers.length - sample;
    return {
      verifies,
      statementsPerVerify: statements.length,
      statements: statements.map((s) => s.sql.replace(/\s+/g, ' ').slice(0, 80)),
      cpuMsPerVerify: (cpu.user + cpu.system) / 1000 / verifies,
      systemCpuMsPerVerify: cpu.system / 1000 / verifies,
      wallMsPerVerify: Number(wallNs) / 1e6 / verifies,
      commitShareOfWall: Number(commitNs) / Number(wallNs),
      walFramesPerCommit,
      pageSize,
    };
  } finally {
    connection.close();
  }
}
