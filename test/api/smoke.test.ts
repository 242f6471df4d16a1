import { createOrg, createUser, startTestServer, type TestServer } from '../helpers/server';
import { codeFor, enrollTotp, signIn } from '../helpers/totp';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

test('a user enrolls an authenticator app and signs in with a code', async () => {
  const org = await createOrg(server);
  const user = await createUser(server, org);
  const enrolled = await enrollTotp(server, user);
  expect(enrolled.backupCodes).toHaveLength(10);
  const { client } = await signIn(server, user, enrolled.secret);
  const me = await client.me();
  expect(me.twoFactorEnabled).toBe(true);
  expect(me.backupCodesLeft).toBe(10);
  expect(codeFor(enrolled.secret, server.clock.now())).toMatch(/^\d{6}$/);
});
