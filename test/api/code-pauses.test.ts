/**
 * invalid_code tells a client which pause it is in, so the pane can warn before the first pause and word a
 * short pause gently: `triesBeforePause` counts down on wrong codes 1–4, `pause: "short"` (with Retry-After)
 * from the 5th, `pause: "lock"` at the 10th. Real server, real HTTP, real SQLite.
 */
import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { enrollTotp, wrongCodeFor } from '../helpers/totp';
import { Paths } from '../../src/shared/routes';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

async function wrongCode(token: string, code: string, language = 'en') {
  const response = await fetch(server.baseUrl + Paths.verify, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': language },
    body: JSON.stringify({ method: 'totp', code }),
  });
  const json = (await response.json()) as { code: string; detail: string; retryAfter?: number; pause?: string; triesBeforePause?: number };
  return { status: response.status, retryAfterHeader: response.headers.get('retry-after'), ...json };
}

test('wrong codes: tries before the pauses count down, then short pauses with Retry-After, then the lock', async () => {
  const user = await createUser(server, await createOrg(server));
  const { secret } = await enrollTotp(server, user);
  const token = (await server.client().signInWithPassword({ username: user.username, password: user.password })).pendingToken!;
  const wrong = () => wrongCode(token, wrongCodeFor(secret, server.clock.now()));

  const countdown: (number | undefined)[] = [];
  for (let attempt = 1; attempt <= 4; attempt++) {
    const answer = await wrong();
    expect(answer).toMatchObject({ status: 401, code: 'invalid_code', retryAfterHeader: null });
    expect(answer.pause).toBeUndefined();
    expect(answer.retryAfter).toBeUndefined();
    countdown.push(answer.triesBeforePause);
    if (attempt === 4) expect(answer.detail).toBe('That code did not work. Check it and try again. After 1 more wrong code, you will have to wait between tries.');
  }
  expect(countdown).toEqual([4, 3, 2, 1]);

  // From the 5th wrong code: a short pause, said gently, with Retry-After; no more countdown.
  for (let attempt = 5; attempt <= 9; attempt++) {
    const answer = await wrong();
    expect(answer).toMatchObject({ status: 401, code: 'invalid_code', pause: 'short' });
    expect(answer.triesBeforePause).toBeUndefined();
    expect(answer.retryAfterHeader).toBe(String(answer.retryAfter));
    if (attempt === 5) expect(answer.detail).toBe('That code did not work. Wait 1 second before the next try.');
    if (attempt === 6) expect(answer.detail).toBe('That code did not work. Wait 2 seconds before the next try.');
    // A try during the pause is refused unevaluated, still as a short pause.
    const early = await wrong();
    expect(early).toMatchObject({ code: 'invalid_code', pause: 'short', retryAfter: answer.retryAfter });
    server.clock.advance(answer.retryAfter! * 1000);
  }

  // The 10th: the account lock, with its own message; tries during the lock say "lock" too.
  const tenth = await wrong();
  expect(tenth).toMatchObject({ status: 401, code: 'invalid_code', pause: 'lock', retryAfter: 300, retryAfterHeader: '300' });
  expect(tenth.detail).toBe('Too many wrong codes: sign-in is paused for your account. Try again in 5 minutes.');
  const duringLock = await wrongCode(token, wrongCodeFor(secret, server.clock.now()), 'de');
  expect(duringLock).toMatchObject({ code: 'invalid_code', pause: 'lock', retryAfter: 300 });
  expect(duringLock.detail).toMatch(/^Zu viele falsche Codes/);
  expect(duringLock.triesBeforePause).toBeUndefined();
});

test('a wrong first code while setting up an authenticator app counts down the same way', async () => {
  const user = await createUser(server, await createOrg(server));
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  let token = first.pendingToken!;
  if (first.next === 'done') {
    token = first.session!.token;
    client.setToken(token);
    await client.stepUp({ password: user.password });
  }
  const started = await client.startTotpEnrollment({}, token);
  const confirm = async () => {
    const response = await fetch(server.baseUrl + Paths.enrollConfirm, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ factorId: started.factorId, code: wrongCodeFor(started.secret, server.clock.now()) }),
    });
    return (await response.json()) as { code: string; triesBeforePause?: number; pause?: string };
  };
  expect(await confirm()).toMatchObject({ code: 'invalid_code', triesBeforePause: 4 });
  expect(await confirm()).toMatchObject({ code: 'invalid_code', triesBeforePause: 3 });
});
