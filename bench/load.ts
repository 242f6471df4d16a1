/**
 * The load generator: autocannon in a process of its own (so the server's
 * process measures only the server). Run by bench/run.ts as
 * `node build/bench/bench/load.js <plan.json>`; prints one JSON line with
 * the result on stdout.
 *
 * Modes:
 * - bare: GET a bare Fastify JSON route for a fixed time;
 * - verify: POST /api/v1/auth/verify, one prepared slot per request, taken
 *   in order from one queue shared by all connections (each slot: a pending
 *   token, a user, and what to send: a valid code, a wrong one, a replay of
 *   that user's accepted code, or an attacker's guess). Codes are computed
 *   at send time from the user's secret, as an authenticator app would;
 * - password: POST /api/v1/auth/password, one distinct user per request.
 * Every request carries an X-Forwarded-For address (the server trusts
 * 127.0.0.1 as its proxy), so per-IP limits see many clients, as behind a
 * real TLS-terminating proxy.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';
import { generateOtp, totpStep } from '../src/server/services/totp';

export type SlotKind = 'valid' | 'wrong' | 'replay' | 'guess';

export interface LoadPlan {
  baseUrl: string;
  mode: 'bare' | 'verify' | 'password';
  connections: number;
  /** bare and password: seconds to run. */
  durationSeconds?: number;
  /** verify and password: the most requests (one per slot). */
  amount?: number;
  /** verify: stop after this many seconds even if slots are left (a bound on slow machines). */
  maxSeconds?: number;
  /** Hard bound for the whole run; the child exits with an error past it. */
  timeoutSeconds: number;
  /** verify: TOTP secrets (hex) by plan-local user number. */
  secrets?: string[];
  /** verify: [pending token, plan-local user, kind]; password: [username, '', 'valid']. */
  slots?: [string, number, SlotKind][];
  password?: string;
  /** verify: added to the plan-local user number to make its X-Forwarded-For address (plans run side by side stay apart). */
  ipOffset?: number;
}

export interface LoadResult {
  mode: LoadPlan['mode'];
  requests: number;
  seconds: number;
  rps: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  statusCodes: Record<string, number>;
  errors: number;
  timeouts: number;
}

const ip = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

function wrongCode(secret: Buffer, now: number): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => generateOtp(secret, { timestampMs: now + d })));
  let n = (Number(generateOtp(secret, { timestampMs: now })) + 500_000) % 1_000_000;
  while (valid.has(String(n).padStart(6, '0'))) n = (n + 7919) % 1_000_000;
  return String(n).padStart(6, '0');
}

async function main(): Promise<void> {
  const planFile = process.argv[2];
  if (!planFile) throw new Error('usage: load.js <plan.json>');
  const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as LoadPlan;
  const killer = setTimeout(() => {
    console.error(`load: no result after ${plan.timeoutSeconds} s, giving up`);
    process.exit(3);
  }, plan.timeoutSeconds * 1000);
  killer.unref();

  const options: autocannon.Options = {
    url: plan.baseUrl,
    connections: plan.connections,
    pipelining: 1,
    timeout: 10,
  };
  if (plan.mode === 'bare') {
    options.url = `${plan.baseUrl}/bare`;
    options.duration = plan.durationSeconds ?? 3;
  } else {
    const slots = plan.slots ?? [];
    if (slots.length < plan.connections) throw new Error('fewer slots than connections');
    // One request per prepared slot at most, or a fixed number of requests (the slots wrap around).
    options.amount = Math.max(plan.connections, Math.min(plan.amount ?? slots.length, plan.mode === 'verify' ? slots.length : Infinity));
    let next = 0;
    if (plan.mode === 'verify') {
      const secrets = (plan.secrets ?? []).map((hex) => Buffer.from(hex, 'hex'));
      // The code each user's accepted request carried (replays send exactly it).
      const sent = new Map<number, string>();
      const codeCache = new Map<number, { step: number; code: string }>();
      const validCode = (user: number, now: number) => {
        const step = totpStep(now);
        const cached = codeCache.get(user);
        if (cached?.step === step) return cached.code;
        const code = generateOtp(secrets[user]!, { timestampMs: now });
        codeCache.set(user, { step, code });
        return code;
      };
      options.requests = [
        {
          method: 'POST',
          path: '/api/v1/auth/verify',
          setupRequest: (request) => {
            const slot = slots[next++ % slots.length]!;
            const [token, user, kind] = slot;
            const now = Date.now();
            let code: string;
            if (kind === 'valid') {
              code = validCode(user, now);
              sent.set(user, code);
            } else if (kind === 'replay') {
              code = sent.get(user) ?? validCode(user, now);
            } else {
              code = wrongCode(secrets[user]!, now);
            }
            request.headers = {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'x-forwarded-for': ip(user + (plan.ipOffset ?? 0)),
            };
            request.body = JSON.stringify({ method: 'totp', code });
            return request;
          },
        },
      ];
    } else {
      const password = plan.password ?? '';
      options.requests = [
        {
          method: 'POST',
          path: '/api/v1/auth/password',
          setupRequest: (request) => {
            const n = next++;
            const [username] = slots[n % slots.length]!;
            request.headers = { 'content-type': 'application/json', 'x-forwarded-for': ip(n) };
            request.body = JSON.stringify({ username, password, client: { type: 'outlook-addin' } });
            return request;
          },
        },
      ];
    }
  }

  const started = process.hrtime.bigint();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, value) => (error ? reject(error) : resolve(value)));
    if (plan.maxSeconds) setTimeout(() => instance.stop(), plan.maxSeconds * 1000).unref();
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (stat as { count: number }).count;
  const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  const out: LoadResult = {
    mode: plan.mode,
    requests,
    seconds,
    rps: requests / seconds,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.average,
    },
    statusCodes,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
