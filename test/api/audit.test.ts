import { createOrg, createUser, operator, startTestServer, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, signIn, wrongCodeFor } from '../helpers/totp';
import { failure } from '../helpers/http';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('every auth event is audited with who, what, when, client and IP — and never a code, secret or token', async () => {
  const org = await createOrg(server);
  const user = await createUser(server, org);
  const secrets: string[] = [user.password];
  const enrolled = await enrollTotp(server, user);
  secrets.push(enrolled.secret, enrolled.session.token, ...enrolled.backupCodes, ...enrolled.backupCodes.map((c) => c.replace(/-/g, '')));

  await failure(server.client().signInWithPassword({ username: user.username, password: 'wrong password here' }));
  const pending = await server.client().signInWithPassword({ username: user.username, password: user.password, client: { type: 'outlook-addin' } });
  secrets.push(pending.pendingToken!);
  const wrong = wrongCodeFor(enrolled.secret, server.clock.now());
  await failure(server.client().verify(pending.pendingToken!, { method: 'totp', code: wrong }));
  const right = codeFor(enrolled.secret, server.clock.now());
  const { session } = await server.client().verify(pending.pendingToken!, { method: 'totp', code: right });
  secrets.push(session.token);
  server.clock.advance(30_000);
  const client = server.client();
  client.setToken(session.token);
  const { registration, deviceSecret } = await client.register({ clientType: 'outlook-addin', label: 'Outlook', mailbox: user.username });
  secrets.push(deviceSecret!);
  const backup = await signIn(server, user, enrolled.secret).then(async () => {
    const p = await server.client().signInWithPassword({ username: user.username, password: user.password });
    return server.client().verify(p.pendingToken!, { method: 'backup_code', code: enrolled.backupCodes[0]! });
  });
  secrets.push(backup.session.token);
  await client.revokeRegistration(registration.id).catch(() => undefined);
  await server.services.administration.unlock(user.username, operator);
  await server.services.administration.resetTwoFactor(user.username, operator);

  const rows = await server.store.db.selectFrom('audit_events').selectAll().where('user_id', '=', user.id).orderBy('id').execute();
  const events = rows.map((r) => `${r.event}:${r.outcome}`);
  expect(events).toEqual(
    expect.arrayContaining([
      'admin.user_created:success',
      'step_up.success:success',
      'enrollment.started:info',
      'enrollment.confirmed:success',
      'backup_codes.generated:success',
      'sign_in.password:success',
      'second_factor.failure:failure',
      'second_factor.success:success',
      'session.created:success',
      'registration.created:success',
      'backup_code.used:success',
      'admin.unlocked:success',
      'admin.two_factor_reset:success',
    ]),
  );
  const failedPassword = await server.store.db.selectFrom('audit_events').selectAll().where('event', '=', 'sign_in.password').where('outcome', '=', 'failure').execute();
  // A known user's failed password is written by id, never with the name typed.
  expect(failedPassword.some((r) => r.user_id === user.id)).toBe(true);
  expect(failedPassword.some((r) => r.detail?.includes(user.username))).toBe(false);
  const addinVerify = rows.find((r) => r.event === 'second_factor.success' && r.client_type === 'outlook-addin');
  expect(addinVerify).toMatchObject({ ip: '127.0.0.1', org_id: org.id });
  expect(typeof addinVerify!.at).toBe('number');

  const everything = JSON.stringify(await server.store.db.selectFrom('audit_events').selectAll().execute());
  for (const secret of secrets) expect(everything).not.toContain(secret);
  // Six-digit codes could appear by chance inside millisecond timestamps: look for them where text goes.
  const details = JSON.stringify(await server.store.db.selectFrom('audit_events').select('detail').execute());
  for (const code of [right, wrong]) expect(details).not.toContain(code);
});
