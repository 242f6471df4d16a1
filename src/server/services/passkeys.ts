/**
 * Passkeys (WebAuthn) through @simplewebauthn/server: registration, the list,
 * removal, and the check of an assertion that every passkey sign-in (the
 * portal's sign-in, a step-up, the add-in's approval page) goes through.
 *
 * Rules: the relying party is PUBLIC_URL (RP id = its host name; the origin is
 * checked against it and nothing else); attestation `none`; the WebAuthn user
 * handle is random (users.webauthn_handle), never the email; every challenge
 * lives in the database, is deleted when answered (single use, whatever the
 * instance) and expires after two minutes; a signature counter that does not
 * move forward is refused and audited as a possibly cloned authenticator.
 * Only a credential's id, public key, counter and name are stored.
 */
import crypto from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { ErrorCode } from '../../shared/errors';
import type { Db } from '../db/database';
import type { PasskeysTable, WebAuthnChallengesTable } from '../db/schema';
import type { AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, notFound, ServiceError } from './errors';
import type { PolicyService } from './policy';
import type { UserDirectory, UserRecord } from './users';

/** The WebAuthn relying party: PUBLIC_URL's origin. Mutable only so a test server can set it once its port is known. */
export interface RelyingParty {
  origin: string;
}

export const passkeyChallengeMs = 2 * 60_000;
const rpName = 'AXIS CloudSync';

export interface PasskeyInfoRow {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface VerifiedPasskey {
  userId: string;
  credentialId: string;
  /** The authenticator verified the user (PIN, biometric): the passkey is multi-factor on its own. */
  userVerified: boolean;
  user: UserRecord;
}

export interface PasskeyEvents {
  onAdded?(user: UserRecord, name: string): void;
  onRemoved?(user: UserRecord, name: string): void;
}

/** Any refusal of a passkey answer: one message, whatever the reason (the reason goes to the audit log). */
export const passkeyRefused = (detail = msg('server.error.passkeyRefused')) =>
  new ServiceError(ErrorCode.passkeyRefused, 401, detail);

export class PasskeyService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly users: UserDirectory,
    private readonly policies: PolicyService,
    private readonly audit: AuditLog,
    private readonly relyingParty: RelyingParty,
    readonly events: PasskeyEvents = {},
  ) {}

  /** Sets the relying party (PUBLIC_URL's origin). */
  useOrigin(publicUrl: string): void {
    this.relyingParty.origin = new URL(publicUrl).origin;
  }

  get origin(): string {
    return this.relyingParty.origin;
  }

  get rpId(): string {
    return new URL(this.relyingParty.origin).hostname;
  }

  /** Options for navigator.credentials.create: a discoverable credential, attestation none, UV preferred. */
  async registrationOptions(user: UserRecord): Promise<PublicKeyCredentialCreationOptionsJSON> {
    await this.requireAllowed(user);
    const handle = await this.userHandle(user);
    const existing = await this.forUser(user.id);
    const options = await generateRegistrationOptions({
      rpName,
      rpID: this.rpId,
      userName: user.username,
      userDisplayName: user.display_name,
      userID: Buffer.from(handle, 'base64url'),
      attestationType: 'none',
      timeout: passkeyChallengeMs,
      excludeCredentials: existing.map((p) => ({ id: p.id, transports: transports(p) })),
      authenticatorSelection: { residentKey: 'required', requireResidentKey: true, userVerification: 'preferred' },
    });
    await this.storeChallenge(options.challenge, 'register', user.id);
    return options;
  }

  /** Verifies a new credential against the user's open registration challenge and stores it. */
  async register(user: UserRecord, name: string, response: RegistrationResponseJSON, ctx: RequestContext): Promise<PasskeyInfoRow> {
    await this.requireAllowed(user);
    const label = name.trim();
    let info;
    try {
      const result = await verifyRegistrationResponse({
        response,
        expectedChallenge: (challenge) => this.spendChallenge(challenge, 'register', user.id),
        expectedOrigin: this.origin,
        expectedRPID: this.rpId,
        requireUserVerification: false,
      });
      if (!result.verified) throw new Error('not verified');
      info = result.registrationInfo;
    } catch (error) {
      await this.audit.record({ event: 'passkey.added', outcome: 'failure', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { reason: reasonOf(error) } });
      throw passkeyRefused(msg('server.error.passkeyNotAdded'));
    }
    const now = this.clock.now();
    const row: PasskeysTable = {
      id: info.credential.id,
      user_id: user.id,
      name: label,
      public_key: Buffer.from(info.credential.publicKey).toString('base64url'),
      counter: info.credential.counter,
      transports: info.credential.transports?.length ? JSON.stringify(info.credential.transports) : null,
      created_at: now,
      last_used_at: null,
    };
    const inserted = await this.db.insertInto('passkeys').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) {
      throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.passkeyDuplicate'));
    }
    await this.audit.record({ event: 'passkey.added', outcome: 'success', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { passkey: row.id.slice(0, 16), user_verified: info.userVerified } });
    this.events.onAdded?.(user, label);
    return info_(row);
  }

  async list(userId: string): Promise<PasskeyInfoRow[]> {
    return (await this.forUser(userId)).map(info_);
  }

  async count(userId: string, db: Db = this.db): Promise<number> {
    const row = await db.selectFrom('passkeys').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async remove(user: UserRecord, passkeyId: string, ctx: RequestContext, actorId: string | null = null): Promise<void> {
    const row = await this.db.deleteFrom('passkeys').where('id', '=', passkeyId).where('user_id', '=', user.id).returning(['id', 'name']).executeTakeFirst();
    if (!row) throw notFound('passkey');
    await this.audit.record({ event: 'passkey.removed', outcome: 'success', orgId: user.org_id, userId: user.id, actorId: actorId ?? user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { passkey: row.id.slice(0, 16) } });
    this.events.onRemoved?.(user, row.name);
  }

  /** Every passkey of a user (an admin's 2FA reset); `db` may be the reset's transaction. Answers how many. */
  async removeAll(userId: string, db: Db = this.db): Promise<number> {
    const result = await db.deleteFrom('passkeys').where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows ?? 0);
  }

  /**
   * Options for navigator.credentials.get. Without a user: a sign-in without a username (discoverable
   * credential; any user's passkey answers). With one: only that user's passkeys (step-up, second step).
   * `challengeId` is the challenge itself: it identifies the stored row, and verifyAuthentication finds it
   * in the answer's client data.
   */
  async authenticationOptions(options: { userId?: string; userVerification?: 'required' | 'preferred' } = {}): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON; expiresAt: number }> {
    const allow = options.userId ? (await this.forUser(options.userId)).map((p) => ({ id: p.id, transports: transports(p) })) : undefined;
    if (options.userId && allow?.length === 0) throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.noPasskeyYet'));
    const request = await generateAuthenticationOptions({
      rpID: this.rpId,
      allowCredentials: allow,
      timeout: passkeyChallengeMs,
      userVerification: options.userVerification ?? 'preferred',
    });
    const expiresAt = await this.storeChallenge(request.challenge, 'authenticate', options.userId ?? null);
    return { challengeId: request.challenge, options: request, expiresAt };
  }

  /**
   * Checks an assertion: a challenge this server issued (spent now, once, on any instance), the origin and RP id
   * of PUBLIC_URL, a known credential (of `userId` when given), the signature, a counter that moved forward, and
   * an org that allows passkeys. Any failure is audited and throws passkey_refused.
   */
  async verifyAuthentication(response: AuthenticationResponseJSON, ctx: RequestContext, options: { userId?: string } = {}): Promise<VerifiedPasskey> {
    const credentialId = typeof response?.id === 'string' ? response.id.slice(0, 1024) : '';
    const row = credentialId ? await this.db.selectFrom('passkeys').selectAll().where('id', '=', credentialId).executeTakeFirst() : undefined;
    const user = row ? await this.users.byId(row.user_id) : undefined;
    const fail = async (reason: string, event = 'passkey.sign_in'): Promise<never> => {
      await this.audit.record({ event, outcome: 'failure', orgId: user?.org_id, userId: user?.id, ip: ctx.ip, clientType: ctx.clientType, detail: { reason, ...(row ? { passkey: row.id.slice(0, 16) } : {}) } });
      throw passkeyRefused();
    };
    if (!row || !user) return fail('unknown_credential');
    if (options.userId && row.user_id !== options.userId) return fail('other_user');
    // The handle the authenticator returns (a discoverable credential) must be this user's.
    if (response.response?.userHandle && user.webauthn_handle && response.response.userHandle !== user.webauthn_handle) return fail('user_handle');
    let verified;
    try {
      const result = await verifyAuthenticationResponse({
        response,
        expectedChallenge: (challenge) => this.spendChallenge(challenge, 'authenticate', options.userId ?? null),
        expectedOrigin: this.origin,
        expectedRPID: this.rpId,
        // Counter 0 here: the library's own check is replaced by ours below, made only once the signature is good.
        credential: { id: row.id, publicKey: Buffer.from(row.public_key, 'base64url'), counter: 0, transports: transports(row) },
        requireUserVerification: false,
      });
      if (!result.verified) throw new Error('signature');
      verified = result.authenticationInfo;
    } catch (error) {
      return fail(reasonOf(error));
    }
    const { newCounter, userVerified } = verified;
    if ((newCounter > 0 || row.counter > 0) && newCounter <= row.counter) {
      return fail('counter_regression', 'passkey.counter_regression');
    }
    const policy = await this.policies.forOrg(user.org_id);
    if (!policy.passkeysAllowed) return fail('policy');
    // Only forward: a parallel answer with the same counter loses here too.
    let update = this.db.updateTable('passkeys').set({ counter: newCounter, last_used_at: this.clock.now() }).where('id', '=', row.id);
    if (newCounter > 0) update = update.where('counter', '<', newCounter);
    const updated = await update.executeTakeFirst();
    if (Number(updated.numUpdatedRows ?? 0) !== 1) return fail('counter_regression', 'passkey.counter_regression');
    return { userId: user.id, credentialId: row.id, userVerified, user };
  }

  private async forUser(userId: string): Promise<PasskeysTable[]> {
    return this.db.selectFrom('passkeys').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
  }

  private async requireAllowed(user: UserRecord): Promise<void> {
    const policy = await this.policies.forOrg(user.org_id);
    if (!policy.passkeysAllowed) throw new ServiceError(ErrorCode.policyViolation, 403, msg('server.error.passkeysNotAllowed'));
  }

  /** The user's random WebAuthn handle (64 bits would do; 256 are cheap), made at the first passkey. */
  private async userHandle(user: UserRecord): Promise<string> {
    if (user.webauthn_handle) return user.webauthn_handle;
    const handle = crypto.randomBytes(32).toString('base64url');
    await this.db.updateTable('users').set({ webauthn_handle: handle }).where('id', '=', user.id).where('webauthn_handle', 'is', null).execute();
    const row = await this.db.selectFrom('users').select('webauthn_handle').where('id', '=', user.id).executeTakeFirstOrThrow();
    user.webauthn_handle = row.webauthn_handle;
    return row.webauthn_handle ?? handle;
  }

  private async storeChallenge(challenge: string, purpose: WebAuthnChallengesTable['purpose'], userId: string | null): Promise<number> {
    const now = this.clock.now();
    const expiresAt = now + passkeyChallengeMs;
    await this.db.deleteFrom('webauthn_challenges').where('expires_at', '<=', now).execute();
    await this.db.insertInto('webauthn_challenges').values({ challenge, purpose, user_id: userId, created_at: now, expires_at: expiresAt }).execute();
    return expiresAt;
  }

  /** True once for a live challenge of this purpose (and user): the row is deleted, so no instance accepts it again. */
  private async spendChallenge(challenge: string, purpose: WebAuthnChallengesTable['purpose'], userId: string | null): Promise<boolean> {
    let query = this.db.deleteFrom('webauthn_challenges').where('challenge', '=', challenge).where('purpose', '=', purpose).where('expires_at', '>', this.clock.now());
    query = userId === null ? query.where('user_id', 'is', null) : query.where('user_id', '=', userId);
    const spent = await query.returning('challenge').executeTakeFirst();
    return spent !== undefined;
  }
}

function transports(row: Pick<PasskeysTable, 'transports'>): AuthenticatorTransportFuture[] | undefined {
  if (!row.transports) return undefined;
  const parsed: unknown = JSON.parse(row.transports);
  return Array.isArray(parsed) ? (parsed.filter((t) => typeof t === 'string') as AuthenticatorTransportFuture[]) : undefined;
}

function info_(row: PasskeysTable): PasskeyInfoRow {
  return { id: row.id, name: row.name, createdAt: new Date(row.created_at).toISOString(), lastUsedAt: row.last_used_at === null ? null : new Date(row.last_used_at).toISOString() };
}

/** A short reason for the audit log, from the library's error (never the response itself). */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  if (/challenge/i.test(message)) return 'challenge';
  if (/origin/i.test(message)) return 'origin';
  if (/rp ?id/i.test(message)) return 'rp_id';
  if (/signature|not verified/i.test(message)) return 'signature';
  return 'invalid_response';
}
