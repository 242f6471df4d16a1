/**
 * Sign-in: a password (or a registered device) opens only a pending token and
 * says what comes next — verify, enroll, or done — and a second factor turns
 * the pending token into a session.
 */
import crypto from 'node:crypto';
import { ErrorCode } from '../../shared/errors';
import type { ClientInfo, DeviceChallengeResponse, DeviceSignInRequest, SessionGrant, SignInResponse, VerifyRequest } from '../../shared/schemas';
import { burnPasswordCheck, verifyPassword } from '../crypto/password';
import { verifyDeviceProof, type DeviceChallenges } from '../crypto/device-keys';
import { hashToken, type KeyedHasher } from '../crypto/tokens';
import type { Db } from '../db/database';
import { prepared } from '../db/prepared';
import type { RegistrationsTable } from '../db/schema';
import type { AuditEntry, AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, credentialsChanged, invalidCredentials, ServiceError } from './errors';
import { commitRefusals, KeepWrites } from './one-commit';
import type { ClientView, MethodAvailability } from './delivered-factors';
import type { FactorService } from './factors';
import type { Limits } from './limits';
import { provingPolicy, type OrgPolicy, type PolicyService } from './policy';
import type { RateLimiter } from './rate-limit';
import type { GatePass, SecondFactorGate } from './second-factor';
import type { SecondFactorThrottle } from './throttle';
import { iso, type PendingAuth, type TokenService } from './tokens';
import { normalizeUsername, type UserDirectory, type UserRecord } from './users';

export class SignInService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: Limits,
    private readonly users: UserDirectory,
    private readonly policies: PolicyService,
    private readonly factors: FactorService,
    private readonly tokens: TokenService,
    private readonly gate: SecondFactorGate,
    private readonly throttle: SecondFactorThrottle,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditLog,
    /** Which methods a client is offered (org policy, the add-in's mailbox rule, SMS never first). */
    private readonly methodSource: { availability(userId: string, policy: OrgPolicy, client: ClientView): Promise<MethodAvailability> },
    private readonly challenges: DeviceChallenges,
    private readonly usernameHasher: KeyedHasher,
  ) {}

  /** The sign-in paths' own statements, compiled once (db/prepared.ts). */
  private readonly statements = {
    registration: prepared(['id'], (db, $) => db.selectFrom('registrations').selectAll().where('id', '=', $('id'))),
    seen: prepared(['id', 'now'], (db, $) => db.updateTable('registrations').set({ last_seen_at: $('now') }).where('id', '=', $('id'))),
    spendChallenge: prepared(['nonce', 'registrationId', 'expiresAt'], (db, $) =>
      db
        .insertInto('used_device_challenges')
        .values({ nonce: $('nonce'), registration_id: $('registrationId'), expires_at: $('expiresAt') })
        .onConflict((oc) => oc.column('nonce').doNothing()),
    ),
    /** A verification's success on the user's row: the throttle starts over, the sign-in time. */
    signedIn: prepared(['id', 'at'], (db, $) => db.updateTable('users').set({ ...this.throttle.successColumns, last_sign_in_at: $('at') }).where('id', '=', $('id'))),
    lastSignIn: prepared(['id', 'at'], (db, $) => db.updateTable('users').set({ last_sign_in_at: $('at') }).where('id', '=', $('id'))),
  };

  /**
   * Password attempts are counted per account *and* client address (so one address's wrong guesses cannot lock
   * the owner out from their own), per address, and per account across all addresses (a ceiling that stops a
   * spread-out attack). One upsert. The account key is a keyed hash of the name typed, so unknown names count
   * the same and no typed name (maybe a password typed into the wrong field) is stored in clear.
   */
  async limitPasswordAttempts(username: string, ctx: RequestContext): Promise<void> {
    const { passwordPerAccount, passwordPerAccountTotal, passwordPerIp, passwordWindowMs } = this.limits;
    const wait = await this.rateLimiter.hitAll(this.passwordKeys(username, ctx, { passwordPerAccount, passwordPerAccountTotal, passwordPerIp }), passwordWindowMs);
    if (wait > 0) {
      await this.audit.record({ event: 'sign_in.rate_limited', outcome: 'failure', ip: ctx.ip, clientType: ctx.clientType, detail: { usernameHash: this.usernameHash(username) } });
      throw new ServiceError(ErrorCode.rateLimited, 429, msg('server.error.tooManySignIns'), wait);
    }
  }

  private passwordKeys(username: string, ctx: RequestContext, limits: { passwordPerAccount: number; passwordPerAccountTotal: number; passwordPerIp: number }): { key: string; limit: number }[] {
    const account = this.usernameHash(username);
    const keys = [
      { key: `pw:account-ip:${account}:${ctx.ip ?? 'none'}`, limit: limits.passwordPerAccount },
      { key: `pw:account:${account}`, limit: limits.passwordPerAccountTotal },
    ];
    if (ctx.ip) keys.push({ key: `pw:ip:${ctx.ip}`, limit: limits.passwordPerIp });
    return keys;
  }

  /** A keyed hash (HMAC) of the normalized name: what audit entries and counters keep of a name typed at sign-in. */
  usernameHash(username: string): string {
    return this.usernameHasher.hash(normalizeUsername(username)).slice(0, 32);
  }

  /** Checks a password; unknown users cost the same time and get the same answer. */
  async checkPassword(username: string, password: string): Promise<UserRecord | null> {
    return (await this.checkPasswordWithPolicy(username, password))?.user ?? null;
  }

  private async checkPasswordWithPolicy(username: string, password: string): Promise<{ user: UserRecord; policy: OrgPolicy } | null> {
    const found = await this.lookUpAndCheck(username, password);
    return found?.ok ? found : null;
  }

  /** The user behind the name typed (if any) and whether the password is theirs. */
  private async lookUpAndCheck(username: string, password: string): Promise<{ user: UserRecord; policy: OrgPolicy; ok: boolean } | null> {
    const found = await this.users.byUsernameWithPolicy(username);
    if (!found) {
      await burnPasswordCheck(password);
      return null;
    }
    return { ...found, ok: await verifyPassword(found.user.password_hash, password) };
  }

  /**
   * A right password clears this account's count from this address and gives the address its hit back; the
   * account-wide count stays (only the window ends it). `db` may be a transaction.
   */
  private async passwordSucceeded(username: string, ctx: RequestContext, db: Db): Promise<void> {
    await this.rateLimiter.clear(`pw:account-ip:${this.usernameHash(username)}:${ctx.ip ?? 'none'}`, db);
    if (ctx.ip) await this.rateLimiter.release(`pw:ip:${ctx.ip}`, db);
  }

  /**
   * One password attempt, counted before the check (parallel guesses cannot overrun the limit);
   * a success clears the account's count and gives its hit back to the address.
   */
  async attemptPassword(username: string, password: string, ctx: RequestContext): Promise<UserRecord | null> {
    await this.limitPasswordAttempts(username, ctx);
    const found = await this.checkPasswordWithPolicy(username, password);
    if (found) await this.passwordSucceeded(username, ctx, this.db);
    return found?.user ?? null;
  }

  async withPassword(username: string, password: string, client: ClientInfo | undefined, ctx: RequestContext): Promise<SignInResponse> {
    await this.limitPasswordAttempts(username, ctx);
    const found = await this.lookUpAndCheck(username, password);
    if (!found?.ok) {
      // A known user by id; an unknown name only as a keyed hash (it may be a password typed into the wrong field).
      const who = found ? { orgId: found.user.org_id, userId: found.user.id } : { detail: { usernameHash: this.usernameHash(username) } };
      await this.audit.record({ event: 'sign_in.password', outcome: 'failure', ip: ctx.ip, clientType: ctx.clientType, ...who });
      throw invalidCredentials();
    }
    const { user, policy } = found;
    const success: AuditEntry = { event: 'sign_in.password', outcome: 'success', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: client?.host ? { host: client.host } : undefined };
    const mailbox = client?.type === 'outlook-addin' ? (client.mailbox ?? null) : null;
    // The success's writes go with the next step's, in one transaction.
    return this.nextStep(user, ctx, null, mailbox, { policy, audit: [success], write: (db) => this.passwordSucceeded(username, ctx, db) });
  }

  /** A one-time challenge for a key-bound device to sign; the same for any well-formed id (nothing is looked up). */
  deviceChallenge(registrationId: string): DeviceChallengeResponse {
    const { challenge, expiresAt } = this.challenges.issue(registrationId, this.clock.now());
    return { challenge, expiresAt: iso(expiresAt) };
  }

  /**
   * A registered device starts a sign-in without the password: with a signed challenge (key-bound registration)
   * or its device secret (secret-bound). Any failure answers credentials_changed, whatever the reason.
   */
  async withDevice(body: DeviceSignInRequest, ctx: RequestContext): Promise<SignInResponse> {
    const { registrationId, mailbox } = body;
    const proof = deviceProof(body);
    if (ctx.ip) {
      const wait = await this.rateLimiter.hit(`device:ip:${ctx.ip}`, this.limits.passwordPerIp, this.limits.passwordWindowMs);
      if (wait > 0) throw new ServiceError(ErrorCode.rateLimited, 429, msg('server.error.tooManySignIns'), wait);
    }
    const registration = await this.statements.registration.first(this.db, { id: registrationId });
    const user = registration ? await this.users.byId(registration.user_id) : undefined;
    const proven = registration ? this.proves(registration, proof) : null;
    let reason = refusal(registration, user, proven, mailbox);
    // A signed challenge is spent only once everything else holds.
    if (!reason && proven !== null && proven !== true && !(await this.spendChallenge(registrationId, proven))) reason = 'replayed';
    if (reason || !registration || !user) {
      await this.audit.record({ event: 'sign_in.device', outcome: 'failure', orgId: user?.org_id, userId: user?.id, ip: ctx.ip, clientType: registration?.client_type, detail: { reason } });
      throw credentialsChanged();
    }
    const deviceCtx = { ...ctx, clientType: registration.client_type };
    const success: AuditEntry = { event: 'sign_in.device', outcome: 'success', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: registration.client_type, detail: { proof: proof.kind } };
    const addinMailbox = registration.client_type === 'outlook-addin' ? (registration.mailbox ?? mailbox ?? null) : null;
    // The registration's last-seen time and the success entry go with the pending token, in one transaction.
    const seen = (db: Db) => this.statements.seen.run(db, { id: registration.id, now: this.clock.now() }).then(() => undefined);
    return this.nextStep(user, deviceCtx, registration.id, addinMailbox, { audit: [success], write: seen });
  }

  /**
   * Whether the proof fits the registration: true for the right secret, the challenge's nonce for a right signature
   * (spent later, once the rest holds), null otherwise. A key-bound registration takes no secret, and the reverse.
   */
  private proves(registration: RegistrationsTable, proof: DeviceProof): true | { nonce: string; expiresAt: number } | null {
    if (proof.kind === 'secret') {
      return !registration.public_key && timingSafeEqualHex(registration.secret_hash, hashToken(proof.deviceSecret)) ? true : null;
    }
    if (!registration.public_key) return null;
    const challenge = this.challenges.open(proof.challenge, registration.id, this.clock.now());
    return challenge && verifyDeviceProof(registration.public_key, proof.challenge, proof.signature) ? challenge : null;
  }

  /** Each challenge opens one sign-in: its nonce is stored once (a conflict means it was used already). */
  private async spendChallenge(registrationId: string, challenge: { nonce: string; expiresAt: number }): Promise<boolean> {
    return (await this.statements.spendChallenge.affected(this.db, { nonce: challenge.nonce, registrationId, expiresAt: challenge.expiresAt })) === 1;
  }

  /**
   * What comes next after the first step. `first`: the policy when already read, and the first step's own
   * writes (audit entries, counters), written in one transaction with the pending token or session.
   */
  private async nextStep(
    user: UserRecord,
    ctx: RequestContext,
    registrationId: string | null,
    mailbox: string | null = null,
    first: { policy?: OrgPolicy; audit?: AuditEntry[]; write?: (db: Db) => Promise<void> } = {},
  ): Promise<SignInResponse> {
    const policy = first.policy ?? (await this.policies.forOrg(user.org_id));
    const addinMailbox = mailbox?.toLowerCase() ?? null;
    const found = await this.methodSource.availability(user.id, policy, { clientType: ctx.clientType ?? null, mailboxes: addinMailbox ? [addinMailbox] : [], locale: ctx.locale });
    const unavailable = found.unavailable.length > 0 ? { unavailableMethods: found.unavailable } : {};
    // A user who had 2FA and lost every allowed method proves a factor they still hold before enrolling:
    // a password alone enrolls only a user who never had 2FA (NIST SP 800-63B §6.1.2.1).
    const purpose = found.usable > 0 ? 'verify' : found.active > 0 ? 'prove' : policy.require2fa ? 'enroll' : null;
    // What proves it is them (read before the transaction: one connection on SQLite).
    const proof = purpose === 'prove' ? await this.methodSource.availability(user.id, provingPolicy(policy), { clientType: ctx.clientType ?? null, mailboxes: addinMailbox ? [addinMailbox] : [], locale: ctx.locale }) : null;
    return this.db.transaction().execute(async (trx): Promise<SignInResponse> => {
      await first.write?.(trx);
      if (purpose === 'verify') {
        const pending = await this.tokens.issuePending(user, 'verify', ctx, registrationId, addinMailbox, trx);
        await this.audit.recordAll(first.audit ?? [], trx);
        return { next: 'verify', pendingToken: pending.token, pendingExpiresAt: iso(pending.expiresAt), methods: found.methods, ...unavailable, ...(found.passkey ? { passkey: true } : {}) };
      }
      if (purpose === 'prove') {
        const pending = await this.tokens.issuePending(user, 'prove', ctx, registrationId, addinMailbox, trx);
        await this.audit.recordAll(first.audit ?? [], trx);
        return { next: 'enroll', pendingToken: pending.token, pendingExpiresAt: iso(pending.expiresAt), allowedMethods: policy.allowedMethods, proofRequired: true, proofMethods: proof?.methods ?? [], ...unavailable, ...(found.passkeyDisallowed ? { passkeyDisallowed: true } : {}) };
      }
      // No method yet while the org requires one: set up an allowed method now.
      if (purpose === 'enroll') {
        const pending = await this.tokens.issuePending(user, 'enroll', ctx, registrationId, addinMailbox, trx);
        await this.audit.recordAll(first.audit ?? [], trx);
        return { next: 'enroll', pendingToken: pending.token, pendingExpiresAt: iso(pending.expiresAt), allowedMethods: policy.allowedMethods, ...unavailable, ...(found.passkeyDisallowed ? { passkeyDisallowed: true } : {}) };
      }
      const session = await this.tokens.issueSession(user, registrationId ? 'device' : 'full', ctx, registrationId, policy, trx);
      await this.audit.recordAll([...(first.audit ?? []), { event: 'session.created', outcome: 'success', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { second_factor: false } }], trx);
      return { next: 'done', session };
    });
  }

  /**
   * Before re-enrolling: a right code from any factor the user holds (even one the org turned off for sign-in,
   * or a backup code) spends the 'prove' pending token and answers an 'enroll' one. No session yet.
   */
  async proveForEnrollment(auth: PendingAuth, body: VerifyRequest, ctx: RequestContext): Promise<SignInResponse> {
    if (auth.token.purpose !== 'prove') {
      throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.nothingToConfirm'));
    }
    const requestCtx = { ...ctx, clientType: auth.token.client_type };
    try {
      // One commit: the code's check (a wrong one is counted and committed), the token spent, the next token.
      return await commitRefusals(this.db, async (trx): Promise<SignInResponse> => {
        const pass = await this.gate.check(auth.user, provingPolicy(auth.policy), body, { attemptId: auth.token.id }, requestCtx, 'reenroll', trx);
        await trx.updateTable('users').set(this.throttle.successColumns).where('id', '=', auth.user.id).execute();
        if (!(await this.tokens.consumePending(auth.token.id, trx))) {
          // Spent by a parallel request: the right code (used up now) still counts, and is kept.
          await this.audit.recordAll([pass.audit], trx);
          throw new PendingSpent();
        }
        const pending = await this.tokens.issuePending(auth.user, 'enroll', requestCtx, auth.token.registration_id, auth.token.mailbox ?? null, trx);
        await this.audit.recordAll([pass.audit], trx);
        return { next: 'enroll', pendingToken: pending.token, pendingExpiresAt: iso(pending.expiresAt), allowedMethods: auth.policy.allowedMethods };
      });
    } catch (error) {
      if (!(error instanceof PendingSpent)) throw error;
      throw new ServiceError(ErrorCode.pendingExpired, 401, msg('server.error.pendingUsed'));
    }
  }

  /** The second step: a right code spends the pending token and opens a session. */
  async verify(auth: PendingAuth, body: VerifyRequest, ctx: RequestContext): Promise<SessionGrant> {
    if (auth.token.purpose !== 'verify') {
      throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.enrollFirst'));
    }
    const requestCtx = { ...ctx, clientType: auth.token.client_type };
    // The attempt is counted first and a wrong code committed (the sign-in fails, the count stays); a right
    // code is spent in the same transaction as the session.
    return this.finish(auth, requestCtx, (trx) => this.gate.check(auth.user, auth.policy, body, { attemptId: auth.token.id }, requestCtx, 'sign_in', trx));
  }

  /**
   * Spends the pending token (once, whatever the parallelism) and issues the session, in one transaction and
   * one commit. With `check` (a code to check, the verify route) the whole verification is that transaction:
   * the throttle reservation (the first write: it takes the user's row lock), the code's check and its step,
   * backup code or delivered code consumed, the pending token spent, the users row (throttle reset, last
   * sign-in), the session stored, both audit rows. A wrong code is committed (counted) and then answered.
   * Row locks go users → tokens, as everywhere else.
   */
  async finish(auth: PendingAuth, ctx: RequestContext, check?: (trx: Db) => Promise<GatePass>): Promise<SessionGrant> {
    const purpose = auth.token.registration_id ? 'device' : 'full';
    const { row, grant } = this.tokens.newSession(auth.user, purpose, ctx, auth.token.registration_id, auth.policy);
    const created: AuditEntry = { event: 'session.created', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { second_factor: true, via: purpose } };
    try {
      await commitRefusals(this.db, async (trx) => {
        const pass = check ? await check(trx) : undefined;
        if (pass) {
          // Another request spent this pending token first. The code was right (and is used up): that still
          // counts — the reset and the success entry are committed, no session.
          if (!(await this.tokens.consumePending(auth.token.id, trx))) {
            await this.gate.settle(pass, trx);
            throw new PendingSpent();
          }
          await this.statements.signedIn.run(trx, { id: auth.user.id, at: row.created_at });
        } else {
          await this.statements.lastSignIn.run(trx, { id: auth.user.id, at: row.created_at });
          // Rolls the transaction back: nothing of this sign-in is written.
          if (!(await this.tokens.consumePending(auth.token.id, trx))) throw new PendingSpent(false);
        }
        await this.tokens.storeSession(row, trx);
        await this.audit.recordAll(pass ? [pass.audit, created] : [created], trx);
      });
    } catch (error) {
      if (!(error instanceof PendingSpent)) throw error;
      throw new ServiceError(ErrorCode.pendingExpired, 401, msg('server.error.pendingUsed'));
    }
    return grant;
  }
}

type DeviceProof = { kind: 'secret'; deviceSecret: string } | { kind: 'key'; challenge: string; signature: string };

/** Why a device sign-in is refused (for the audit log only: every refusal answers alike), or null. */
function refusal(registration: RegistrationsTable | undefined, user: UserRecord | undefined, proven: unknown, mailbox: string | undefined): string | null {
  if (!registration || !user || !proven) return 'unknown';
  if (registration.revoked_at !== null) return 'revoked';
  if (registration.epoch !== user.credential_epoch) return 'epoch';
  if (mailbox && registration.mailbox && mailbox.toLowerCase() !== registration.mailbox) return 'mailbox';
  return null;
}

/** Exactly one proof: the secret, or the challenge with its signature. */
function deviceProof(body: DeviceSignInRequest): DeviceProof {
  const { deviceSecret, challenge, signature } = body;
  if (deviceSecret !== undefined && challenge === undefined && signature === undefined) return { kind: 'secret', deviceSecret };
  if (deviceSecret === undefined && challenge !== undefined && signature !== undefined) return { kind: 'key', challenge, signature };
  throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.deviceProof'));
}

/**
 * Thrown inside a sign-in transaction when the pending token was already spent: the writes so far are kept
 * (a right code's outcome) unless `keep` is false (nothing was checked: roll back).
 */
class PendingSpent extends KeepWrites {
  constructor(keep = true) {
    super('pending token already spent', keep);
  }
}

function timingSafeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
