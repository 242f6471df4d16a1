/**
 * `node build/bench/bench/statements.js [n]`: statements per request on SQLite for the
 * hot routes (TOTP verify, password sign-in), counted at better-sqlite3 (so
 * BEGIN/COMMIT count too), and in-process CPU per request through Fastify's
 * inject (no sockets). A quick, quiet complement to `npm run bench`: the
 * statement count is exact, the CPU figure is one process on a shared machine.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { buildApp } from '../src/server/app';
import { migrateToLatest, openStore } from '../src/server/db/database';
import { hashPassword } from '../src/server/crypto/password';
import { SecretBox } from '../src/server/crypto/secret-box';
import { hashToken, newId, randomToken } from '../src/server/crypto/tokens';
import { createServices } from '../src/server/services';

const counts = new Map<string, number>();
let counting = false;
let commits = 0;
function count(source: string) {
  if (!counting) return;
  counts.set(source, (counts.get(source) ?? 0) + 1);
  if (/^\s*(commit|end)\b/i.test(source)) commits += 1;
}
// Count executions: wrap run/all/get/iterate on the Statement prototype (shared by all statements).
const probe = new SQLite(':memory:');
const statementProto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown> & { source: string };
for (const method of ['run', 'all', 'get', 'iterate'] as const) {
  const original = statementProto[method]!;
  statementProto[method] = function (this: { source: string }, ...args: unknown[]) {
    count(this.source);
    return original.apply(this, args);
  };
}
probe.close();

function totp(secret: Buffer, ms: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(ms / 30_000)));
  const mac = crypto.createHmac('sha1', secret).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0xf;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function main() {
  const n = Number(process.argv[2] ?? 2000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'axis-stmts-'));
  const secretKey = crypto.randomBytes(32);
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') });
  await migrateToLatest(store.db);
  const services = createServices({ db: store.db, secretKey });
  // Two probe routes beside the product's, for the per-layer split below: the same app and hooks, no work
  // (`/bench/empty`), and only the bearer check of a pending token (`/bench/pending`).
  const probes = (instance: import('fastify').FastifyInstance) => {
    instance.post('/bench/empty', async () => ({ ok: true }));
    instance.post('/bench/pending', { config: { auth: 'pending' } }, async () => ({ ok: true }));
  };
  const app = await buildApp({ config: { trustProxy: false, webRoot: null, corsOrigins: [], production: false, publicUrl: 'http://127.0.0.1', logLevel: 'warn' } as never, store, services, plugins: [probes] });
  const org = await services.administration.createOrg('Stmt', {}, { ip: null, userAgent: 'bench', clientType: null, actorId: null } as never);
  const box = new SecretBox(secretKey);
  const passwordHash = await hashPassword('correct horse battery');
  const now = Date.now();
  const slots: { token: string; secret: Buffer; username: string }[] = [];
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i += 1) {
      const userId = newId();
      const factorId = newId();
      const secret = crypto.randomBytes(20);
      const token = randomToken();
      const username = `u${i}@example.com`;
      await trx.insertInto('users').values({ id: userId, org_id: org.id, username, email: null, display_name: 'U', role: 'user', password_hash: passwordHash, credential_epoch: 1, failed_2fa: 0, next_2fa_at: 0, lock_until: 0, lock_level: 0, last_sign_in_at: null, created_at: now }).execute();
      await trx.insertInto('factors').values({ id: factorId, user_id: userId, kind: 'totp', status: 'active', label: 'Phone', secret_enc: box.seal(secret, factorId), destination: null, last_step: null, created_at: now, confirmed_at: now }).execute();
      await trx.insertInto('tokens').values({ id: newId(), token_hash: hashToken(token), kind: 'pending', user_id: userId, epoch: 1, purpose: 'verify', client_type: null, registration_id: null, ip: null, user_agent: null, created_at: now, last_used_at: now, expires_at: now + 3600_000, consumed_at: null, revoked_at: null, step_up_at: null }).execute();
      slots.push({ token, secret, username });
    }
  });
  const verify = (slot: (typeof slots)[number]) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/verify', headers: { authorization: `Bearer ${slot.token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ method: 'totp', code: totp(slot.secret, Date.now()) }) });
  // Warm-up, then one counted request, then CPU over the rest.
  for (const slot of slots.splice(0, 50)) if ((await verify(slot)).statusCode !== 200) throw new Error('warm-up verify failed');
  counting = true;
  const one = await verify(slots.shift()!);
  counting = false;
  if (one.statusCode !== 200) throw new Error(`verify ${one.statusCode} ${one.body}`);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`verify (TOTP, valid): ${total} statements, ${commits} explicit commits`);
  for (const [sql, c] of counts) console.log(`  ${c} × ${sql.replace(/\s+/g, ' ').slice(0, 150)}`);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let ok = 0;
  for (const slot of slots) if ((await verify(slot)).statusCode === 200) ok += 1;
  const cpu = process.cpuUsage(cpu0);
  console.log(`verify: ${ok}/${slots.length} ok; CPU ${((cpu.user + cpu.system) / 1000 / slots.length).toFixed(3)} ms per verify (wall ${((performance.now() - t0) / slots.length).toFixed(3)} ms)`);

  // The same through the services only (no HTTP): the database and query-building share of a verify.
  const more = await seedMore(store, org.id, box, 2000, now);
  const ctx = { ip: '127.0.0.1', userAgent: 'bench', clientType: null };
  const svcCpu0 = process.cpuUsage();
  for (const slot of more) await services.signIn.verify(await services.tokens.authenticatePending(slot.token), { method: 'totp', code: totp(slot.secret, Date.now()) }, ctx);
  const svcCpu = process.cpuUsage(svcCpu0);
  console.log(`verify through the services (no HTTP): CPU ${((svcCpu.user + svcCpu.system) / 1000 / more.length).toFixed(3)} ms per verify`);

  // Per layer, warm (after the runs above), fresh pending tokens each: our app's fixed cost per request, plus
  // the bearer check (SHA-256 + the joined read), then the whole verify. The differences are the layers.
  for (const [name, url] of [['app, hooks, no work', '/bench/empty'], ['+ pending-token check', '/bench/pending'], ['whole verify', '/api/v1/auth/verify']] as const) {
    const fresh = await seedMore(store, org.id, box, 1000, now, name);
    const layerCpu0 = process.cpuUsage();
    for (const slot of fresh) {
      const r = await app.inject({ method: 'POST', url, headers: { authorization: `Bearer ${slot.token}`, 'content-type': 'application/json' }, payload: JSON.stringify({ method: 'totp', code: totp(slot.secret, Date.now()) }) });
      if (r.statusCode !== 200) throw new Error(`${url} ${r.statusCode} ${r.body}`);
    }
    const layerCpu = process.cpuUsage(layerCpu0);
    console.log(`through HTTP inject, ${name}: CPU ${((layerCpu.user + layerCpu.system) / 1000 / fresh.length).toFixed(3)} ms per request`);
  }

  counts.clear();
  commits = 0;
  const password = (i: number) => app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.1.${i % 250}.${i % 200}` }, payload: JSON.stringify({ username: `u${i}@example.com`, password: 'correct horse battery' }) });
  for (let i = 0; i < 5; i += 1) await password(i);
  counting = true;
  const p = await password(5);
  counting = false;
  if (p.statusCode !== 200) throw new Error(`password ${p.statusCode} ${p.body}`);
  const ptotal = [...counts.values()].reduce((a, b) => a + b, 0);
  console.log(`password sign-in (next: verify): ${ptotal} statements, ${commits} explicit commits`);
  for (const [sql, c] of counts) console.log(`  ${c} × ${sql.replace(/\s+/g, ' ').slice(0, 150)}`);
  await app.close();
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function seedMore(store: Awaited<ReturnType<typeof openStore>>, orgId: string, box: SecretBox, n: number, now: number, tag = 's') {
  const slots: { token: string; secret: Buffer }[] = [];
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < n; i += 1) {
      const userId = newId();
      const factorId = newId();
      const secret = crypto.randomBytes(20);
      const token = randomToken();
      await trx.insertInto('users').values({ id: userId, org_id: orgId, username: `${tag.replace(/\W/g, '')}${i}@example.com`, email: null, display_name: 'S', role: 'user', password_hash: 'x', credential_epoch: 1, failed_2fa: 0, next_2fa_at: 0, lock_until: 0, lock_level: 0, last_sign_in_at: null, created_at: now }).execute();
      await trx.insertInto('factors').values({ id: factorId, user_id: userId, kind: 'totp', status: 'active', label: 'Phone', secret_enc: box.seal(secret, factorId), destination: null, last_step: null, created_at: now, confirmed_at: now }).execute();
      await trx.insertInto('tokens').values({ id: newId(), token_hash: hashToken(token), kind: 'pending', user_id: userId, epoch: 1, purpose: 'verify', client_type: null, registration_id: null, ip: null, user_agent: null, created_at: now, last_used_at: now, expires_at: now + 3600_000, consumed_at: null, revoked_at: null, step_up_at: null }).execute();
      slots.push({ token, secret });
    }
  });
  return slots;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
