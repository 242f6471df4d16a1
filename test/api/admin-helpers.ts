/** Shared by the admin API tests: an org admin with an authenticator app, signed in, with a fresh step-up when asked. */
import { AdminClient } from '../../src/shared/admin-client';
import type { ApiClient } from '../../src/shared/api-client';
import { createUser, type TestOrg, type TestServer, type TestUser } from '../helpers/server';
import { codeFor, enrollTotp, signIn } from '../helpers/totp';

export interface SignedInAdmin {
  user: TestUser;
  secret: string;
  client: ApiClient;
  admin: AdminClient;
  token: string;
  /** A fresh step-up (password + the current TOTP code); moves the clock a step on. */
  stepUp(): Promise<void>;
}

export async function signedInAdmin(server: TestServer, org: TestOrg): Promise<SignedInAdmin> {
  const user = await createUser(server, org, { role: 'admin' });
  const { secret } = await enrollTotp(server, user);
  const { client, session } = await signIn(server, user, secret);
  return {
    user,
    secret,
    client,
    admin: new AdminClient(client),
    token: session.token,
    async stepUp() {
      await client.stepUp({ password: user.password, method: 'totp', code: codeFor(secret, server.clock.now()) });
      server.clock.advance(30_000);
    },
  };
}

/** A plain user's session (no 2FA, org does not require it). */
export async function signedInUser(server: TestServer, org: TestOrg, role: 'admin' | 'user' = 'user'): Promise<{ user: TestUser; client: ApiClient; token: string }> {
  const user = await createUser(server, org, { role });
  const client = server.client();
  const result = await client.signInWithPassword({ username: user.username, password: user.password });
  if (result.next !== 'done') throw new Error(`expected done, got ${result.next}`);
  client.setToken(result.session!.token);
  return { user, client, token: result.session!.token };
}

/** Audit rows as stored (the server side of the truth). */
export async function auditRows(server: TestServer, where: { event?: string; userId?: string } = {}) {
  let query = server.store.db.selectFrom('audit_events').selectAll().orderBy('id');
  if (where.event) query = query.where('event', '=', where.event);
  if (where.userId) query = query.where('user_id', '=', where.userId);
  return query.execute();
}
