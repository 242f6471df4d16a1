import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, wrongCodeFor } from '../helpers/totp';
import { failure, raw } from '../helpers/http';
import { Paths } from '../../src/shared/routes';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function pending(user: { username: string; password: string }): Promise<string> {
  const result = await server.client().signInWithPassword({ username: user.username, password: user.password });
  return result.pendingToken!;
}

test('growing delay from the 5th failure, a lock after 10 that a right code cannot tell apart, lifted on time', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const token = await pending(user);
  const wrong = () => raw(server.baseUrl, 'POST', Paths.verify, { token, body: JSON.stringify({ method: 'totp', code: wrongCodeFor(secret, server.clock.now()) }) });

  const waits: (number | undefined)[] = [];
  for (let attempt = 1; attempt <= 9; attempt++) {
    const answer = await wrong();
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('invalid_code');
    waits.push(answer.json.retryAfter);
    if (answer.json.retryAfter) {
      // While the delay runs, an attempt is refused unevaluated and uncounted, with the same code.
      const early = await wrong();
      expect(early.json.code).toBe('invalid_code');
      expect(early.json.retryAfter).toBe(answer.json.retryAfter);
      server.clock.advance(answer.json.retryAfter * 1000);
    }
  }
  // No delay after the first four failures; from the fifth: 1 s, 2 s, 4 s, 8 s, 16 s.
  expect(waits).toEqual([undefined, undefined, undefined, undefined, 1, 2, 4, 8, 16]);

  const tenth = await wrong();
  expect(tenth.status).toBe(401);
  expect(tenth.json.retryAfter).toBe(300);
  expect(await server.services.throttle.isLocked(user.id)).toBe(true);

  // Locked: the right code gets exactly the answer a wrong one gets.
  const right = await raw(server.baseUrl, 'POST', Paths.verify, { token, body: JSON.stringify({ method: 'totp', code: codeFor(secret, server.clock.now()) }) });
  const wrongWhileLocked = await wrong();
  expect(right.status).toBe(wrongWhileLocked.status);
  expect(right.text).toBe(wrongWhileLocked.text);
  expect(right.headers.get('retry-after')).toBe(wrongWhileLocked.headers.get('retry-after'));

  // A new password sign-in does not reset the lock or the count.
  const fresh = await pending(user);
  expect((await failure(server.client().verify(fresh, { method: 'totp', code: codeFor(secret, server.clock.now()) }))).retryAfter).toBe(300);

  // The lock lifts on time.
  server.clock.advance(5 * 60_000 + 1000);
  const { session } = await server.client().verify(fresh, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  expect(session.user.id).toBe(user.id);
  const row = await server.store.db.selectFrom('users').select(['failed_2fa', 'lock_level']).where('id', '=', user.id).executeTakeFirstOrThrow();
  expect(row).toEqual({ failed_2fa: 0, lock_level: 0 });
});

test('failures count per account across methods and pending tokens; a password sign-in does not reset them', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  for (let i = 0; i < 4; i++) {
    const token = await pending(user);
    const method = i % 2 === 0 ? 'totp' : 'backup_code';
    const code = method === 'totp' ? wrongCodeFor(secret, server.clock.now()) : 'AAAA-BBBB-CCCC';
    await failure(server.client().verify(token, { method, code }));
  }
  const count = await server.store.db.selectFrom('users').select('failed_2fa').where('id', '=', user.id).executeTakeFirstOrThrow();
  expect(count.failed_2fa).toBe(4);
  // The fifth failure, from yet another sign-in, starts the delay.
  await failure(server.client().verify(await pending(user), { method: 'totp', code: wrongCodeFor(secret, server.clock.now()) }));
  const delayed = await failure(server.client().verify(await pending(user), { method: 'totp', code: codeFor(secret, server.clock.now()) }));
  expect(delayed).toMatchObject({ code: 'invalid_code', retryAfter: 1 });
});

test('each lock in a row lasts twice the one before, capped at an hour; an admin can clear it', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const lockFor = async (): Promise<number | undefined> => {
    const token = await pending(user);
    let last: number | undefined;
    for (let i = 0; i < 10; i++) {
      last = (await failure(server.client().verify(token, { method: 'totp', code: wrongCodeFor(secret, server.clock.now()) }))).retryAfter;
      server.clock.advance(20_000);
    }
    return last;
  };
  const seen: (number | undefined)[] = [];
  for (let i = 0; i < 5; i++) {
    seen.push(await lockFor());
    server.clock.advance(3600_000);
  }
  expect(seen).toEqual([300, 600, 1200, 2400, 3600]);
  await lockFor();
  expect(await server.services.throttle.isLocked(user.id)).toBe(true);
  await server.services.administration.unlock(user.username, { ip: null, userAgent: null, actorId: null });
  expect(await server.services.throttle.isLocked(user.id)).toBe(false);
  await server.client().verify(await pending(user), { method: 'totp', code: codeFor(secret, server.clock.now()) });
});

test('parallel wrong guesses cannot overrun the count: at most the allowed attempts are evaluated', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const token = await pending(user);
  const guesses = Array.from({ length: 30 }, (_, i) => String((i * 7919 + 11) % 1_000_000).padStart(6, '0'))
    .filter((c) => ![-30_000, 0, 30_000].some((d) => codeFor(secret, server.clock.now() + d) === c));
  await Promise.allSettled(guesses.map((code) => server.client().verify(token, { method: 'totp', code })));
  const failures = await server.store.db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user.id)
    .where('event', '=', 'second_factor.failure')
    .executeTakeFirstOrThrow();
  // Only the attempts before the delay starts are evaluated in one burst.
  expect(Number(failures.n)).toBe(5);
});
