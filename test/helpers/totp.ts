/** Test-side TOTP: computes codes as an authenticator app would, at the server's (movable) time. */
import * as OTPAuth from 'otpauth';
import type { ApiClient } from '../../src/shared/api-client';
import type { SessionGrant } from '../../src/shared/schemas';
import type { TestServer, TestUser } from './server';

export function codeFor(secretBase32: string, timestampMs: number): string {
  return OTPAuth.TOTP.generate({ secret: OTPAuth.Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30, timestamp: timestampMs });
}

/** A wrong 6-digit code for this moment (not valid at any of the ±1 steps). */
export function wrongCodeFor(secretBase32: string, timestampMs: number): string {
  const valid = new Set([-30_000, 0, 30_000].map((d) => codeFor(secretBase32, timestampMs + d)));
  let n = 123456;
  while (valid.has(String(n).padStart(6, '0'))) n = (n + 7919) % 1_000_000;
  return String(n).padStart(6, '0');
}

export interface Enrolled {
  secret: string;
  backupCodes: string[];
  session: SessionGrant;
  client: ApiClient;
}

/**
 * Gives a user an authenticator app: signs in, steps up and enrolls from the
 * session (or enrolls at sign-in when the org requires it). Moves the clock a
 * step on, so the next code the test computes is a fresh one.
 */
export async function enrollTotp(server: TestServer, user: TestUser): Promise<Enrolled> {
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  let session: SessionGrant;
  let token: string;
  if (first.next === 'enroll') {
    token = first.pendingToken!;
  } else if (first.next === 'done') {
    client.setToken(first.session!.token);
    await client.stepUp({ password: user.password });
    token = first.session!.token;
  } else {
    throw new Error(`user already has 2FA (next=${first.next})`);
  }
  const started = await client.startTotpEnrollment({}, token);
  const confirmed = await client.confirmEnrollment({ factorId: started.factorId, code: codeFor(started.secret, server.clock.now()) }, token);
  if (first.next === 'enroll') session = confirmed.session!;
  else session = first.session!;
  client.setToken(session.token);
  server.clock.advance(30_000);
  return { secret: started.secret, backupCodes: confirmed.backupCodes ?? [], session, client };
}

/** Password + TOTP sign-in at the server's current time; returns the session. */
export async function signIn(server: TestServer, user: TestUser, secret: string): Promise<{ client: ApiClient; session: SessionGrant }> {
  const client = server.client();
  const first = await client.signInWithPassword({ username: user.username, password: user.password });
  if (first.next !== 'verify') throw new Error(`expected verify, got ${first.next}`);
  const { session } = await client.verify(first.pendingToken!, { method: 'totp', code: codeFor(secret, server.clock.now()) });
  client.setToken(session.token);
  server.clock.advance(30_000);
  return { client, session };
}
