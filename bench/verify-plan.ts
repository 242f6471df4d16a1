/**
 * The verify load shared by the SQLite rounds (bench/run.ts) and the
 * PostgreSQL section (bench/pg-verify.ts): the request mix, its plan, and
 * running one plan through the load generator (bench/load.ts, a child
 * process). A store is anything that can hand out pending tokens and reset
 * the users a round touched: the SQLite seeder (bench/seed.ts) or the
 * PostgreSQL one (bench/pg-seed.ts).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LoadPlan, LoadResult, SlotKind } from './load';
import { runNodeJson } from './processes';
import type { Spread, VerifyMix } from './types';

const buildDir = path.resolve(__dirname, '..');
export const script = (name: string) => path.join(buildDir, 'bench', `${name}.js`);

/** What a verify plan needs from a seeded store (sync on SQLite, async on PostgreSQL). */
export interface VerifyStore {
  /** Users seeded: indices 0 … userCount-1. */
  userCount: number;
  totpSecret(index: number): Buffer;
  issuePending(userIndices: number[]): string[] | Promise<string[]>;
  resetUsers(userIndices: Iterable<number>): void | Promise<void>;
}

export function spread(values: number[]): Spread {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { median: NaN, min: NaN, max: NaN, runs: 0 };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** k distinct random indices from [0, n) (partial Fisher–Yates). */
export function sample(n: number, k: number): number[] {
  if (k > n) throw new Error(`need ${k} distinct users but only ${n} exist`);
  const pool = new Int32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < k; i++) {
    const j = i + crypto.randomInt(n - i);
    const t = pool[i]!;
    pool[i] = pool[j]!;
    pool[j] = t;
  }
  return Array.from(pool.subarray(0, k));
}

export const mix: VerifyMix = { validFirstTry: 0.7, typoThenValid: 0.2, replay: 0.07, guess: 0.03, guessesPerTargetAccount: 8 };

export interface VerifyPlan {
  plan: LoadPlan;
  users: number[];
  expectedAccepted: number;
}

/**
 * One verify run's requests, in order. Per 100 requests: 70 valid codes at
 * the first try; 10 typos each followed later by the valid code on the same
 * pending token (20 requests); 7 replays (a second sign-in attempt of a user
 * who was just accepted, sending the very same code); 3 guesses by an
 * attacker at accounts whose password is known (8 guesses per account).
 * Each user is an account of its own (distinct random users across the whole
 * population), so the per-account throttle sees what it sees in life — at
 * most one failure before a success for ordinary users, a growing delay for
 * the attacked accounts — instead of locking a handful of hot accounts.
 * Follow-ups come at least 2 × connections requests after their first
 * request, so the first has been answered when they are sent.
 */
export async function planVerify(
  db: VerifyStore,
  n: number,
  connections: number,
  baseUrl: string,
  timeoutSeconds: number,
  part: { index: number; of: number } = { index: 0, of: 1 },
): Promise<VerifyPlan> {
  const validFirst = Math.round(n * mix.validFirstTry);
  const typos = Math.round((n * mix.typoThenValid) / 2);
  const replays = Math.round(n * mix.replay);
  const guesses = Math.max(0, n - validFirst - 2 * typos - replays);
  const targets = Math.max(1, Math.ceil(guesses / mix.guessesPerTargetAccount));
  // Plans run side by side (two instances) draw from disjoint parts of the population: user = k × of + index.
  const users = sample(Math.floor((db.userCount - part.index - 1) / part.of) + 1, validFirst + typos + targets).map((k) => k * part.of + part.index);
  const local = (k: number) => k; // plan-local user number = position in `users`

  // Tokens: one per first-try, per typo (shared with its correction), per replay, per attacked account.
  const tokenUsers: number[] = [];
  const firstTry = Array.from({ length: validFirst }, (_, i) => local(i));
  const typoUsers = Array.from({ length: typos }, (_, i) => local(validFirst + i));
  const targetUsers = Array.from({ length: targets }, (_, i) => local(validFirst + typos + i));
  const replayOf = sample(validFirst, Math.min(replays, validFirst));
  for (const u of firstTry) tokenUsers.push(u);
  for (const u of typoUsers) tokenUsers.push(u);
  for (const u of replayOf) tokenUsers.push(u);
  for (const u of targetUsers) tokenUsers.push(u);
  const tokens = await db.issuePending(tokenUsers.map((u) => users[u]!));
  let t = 0;
  const firstTryToken = firstTry.map(() => tokens[t++]!);
  const typoToken = typoUsers.map(() => tokens[t++]!);
  const replayToken = replayOf.map(() => tokens[t++]!);
  const targetToken = targetUsers.map(() => tokens[t++]!);

  type Placed = { pos: number; slot: [string, number, SlotKind] };
  const primary: [string, number, SlotKind][] = [];
  const primaryRef: { kind: 'first' | 'typo' | 'guess'; index: number }[] = [];
  firstTry.forEach((u, i) => {
    primary.push([firstTryToken[i]!, u, 'valid']);
    primaryRef.push({ kind: 'first', index: i });
  });
  typoUsers.forEach((u, i) => {
    primary.push([typoToken[i]!, u, 'wrong']);
    primaryRef.push({ kind: 'typo', index: i });
  });
  for (let g = 0; g < guesses; g++) {
    primary.push([targetToken[g % targets]!, targetUsers[g % targets]!, 'guess']);
    primaryRef.push({ kind: 'guess', index: g });
  }
  // Shuffle the first requests together.
  const order = sample(primary.length, primary.length);
  const positionOfFirst = new Map<number, number>();
  const typoPosition = new Map<number, number>();
  const placed: Placed[] = order.map((p, pos) => {
    const ref = primaryRef[p]!;
    if (ref.kind === 'first') positionOfFirst.set(ref.index, pos);
    if (ref.kind === 'typo') typoPosition.set(ref.index, pos);
    return { pos, slot: primary[p]! };
  });
  const gap = 2 * connections;
  const later = (pos: number) => pos + gap + crypto.randomInt(gap) + 0.5;
  typoUsers.forEach((u, i) => placed.push({ pos: later(typoPosition.get(i)!), slot: [typoToken[i]!, u, 'valid'] }));
  replayOf.forEach((firstIndex, i) =>
    placed.push({ pos: later(positionOfFirst.get(firstIndex)!), slot: [replayToken[i]!, firstTry[firstIndex]!, 'replay'] }),
  );
  placed.sort((a, b) => a.pos - b.pos);
  return {
    plan: {
      baseUrl,
      mode: 'verify',
      connections,
      timeoutSeconds,
      // Plans run side by side use distinct client addresses too.
      ipOffset: part.index << 20,
      secrets: users.map((u) => db.totpSecret(u).toString('hex')),
      slots: placed.map((p) => p.slot),
    },
    users,
    expectedAccepted: validFirst + typos,
  };
}

export async function runLoad(plan: LoadPlan, tmp: string): Promise<LoadResult> {
  const file = path.join(tmp, `plan-${crypto.randomUUID()}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  try {
    return await runNodeJson<LoadResult>(script('load'), [file], (plan.timeoutSeconds + 15) * 1000);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

