/**
 * Signing in and stepping up with a passkey, on top of PasskeyService (the
 * WebAuthn checks) and the existing token and session issuance.
 *
 * - Without a username: a passkey whose authenticator verified the user (PIN,
 *   biometric) is multi-factor on its own and opens a session directly.
 * - After the password: any of the user's passkeys is the second step.
 * - Step-up (Account Settings, admin actions): a user-verifying passkey.
 */
import { ErrorCode } from '../../shared/errors';
import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import type { PasskeyOptionsResponse } from '../../shared/passkey-schemas';
import type { SessionGrant, SignInResponse } from '../../shared/schemas';
import type { Db } from '../db/database';
import type { AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, ServiceError } from './errors';
import type { Limits } from './limits';
import type { PasskeyService } from './passkeys';
import type { PolicyService } from './policy';
import type { RateLimiter } from './rate-limit';
import type { SignInService } from './sign-in';
import { iso, type PendingAuth, type SessionAuth, type TokenService } from './tokens';

export class PasskeyAuthService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: Limits,
    private readonly passkeys: PasskeyService,
    private readonly policies: PolicyService,
    private readonly tokens: TokenService,
    private readonly signIn: SignInService,
    private readonly rateLimiter: RateLimiter,
    private readonly audit: AuditLog,
  ) {}

  /** Options for a sign-in without a username (any discoverable passkey of this site answers). */
  async signInOptions(ctx: RequestContext): Promise<PasskeyOptionsResponse> {
    // Anyone may ask (no username yet): per address, so a flood cannot fill the challenge table.
    if (ctx.ip) {
      const wait = await this.rateLimiter.hit(`passkey-options:ip:${ctx.ip}`, this.limits.passwordPerIp * 2, this.limits.passwordWindowMs);
      if (wait > 0) throw new ServiceError(ErrorCode.rateLimited, 429, msg('server.error.tooManySignIns'), wait);
    }
    const { options, expiresAt } = await this.passkeys.authenticationOptions();
    return { options, expiresAt: iso(expiresAt) };
  }

  /** A user-verifying passkey opens a session without the password. */
  async signInWithPasskey(response: AuthenticationResponseJSON, ctx: RequestContext): Promise<SignInResponse> {
    if (ctx.ip) {
      const wait = await this.rateLimiter.hit(`passkey:ip:${ctx.ip}`, this.limits.passwordPerIp, this.limits.passwordWindowMs);
      if (wait > 0) throw new ServiceError(ErrorCode.rateLimited, 429, msg('server.error.tooManySignIns'), wait);
    }
    const { user, userVerified, credentialId } = await this.passkeys.verifyAuthentication(response, ctx);
    if (!userVerified) {
      await this.audit.record({ event: 'sign_in.passkey', outcome: 'failure', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { reason: 'no_user_verification', passkey: credentialId.slice(0, 16) } });
      throw new ServiceError(
        ErrorCode.passkeyRefused,
        401,
        msg('server.error.passkeyUnverified.signIn'),
      );
    }
    const policy = await this.policies.forOrg(user.org_id);
    const session = await this.db.transaction().execute(async (trx) => {
      const grant = await this.tokens.issueSession(user, 'full', ctx, null, policy, trx);
      await this.audit.recordAll(
        [
          { event: 'sign_in.passkey', outcome: 'success', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { passkey: credentialId.slice(0, 16), user_verified: true } },
          { event: 'session.created', outcome: 'success', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { second_factor: true, via: 'passkey' } },
        ],
        trx,
      );
      return grant;
    });
    return { next: 'done', session };
  }

  /** Options for the second step: the user's own passkeys (a 409 when they have none). */
  async verifyOptions(auth: PendingAuth): Promise<PasskeyOptionsResponse> {
    this.requireVerifyStep(auth);
    const { options, expiresAt } = await this.passkeys.authenticationOptions({ userId: auth.user.id });
    return { options, expiresAt: iso(expiresAt) };
  }

  /** The second step with a passkey (user verification not needed: the password was the other factor). */
  async verify(auth: PendingAuth, response: AuthenticationResponseJSON, ctx: RequestContext): Promise<SessionGrant> {
    this.requireVerifyStep(auth);
    const requestCtx = { ...ctx, clientType: auth.token.client_type };
    const { credentialId, userVerified } = await this.passkeys.verifyAuthentication(response, requestCtx, { userId: auth.user.id });
    await this.audit.record({ event: 'sign_in.passkey_second_step', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: auth.token.client_type, detail: { passkey: credentialId.slice(0, 16), user_verified: userVerified } });
    return this.signIn.finish(auth, requestCtx);
  }

  async stepUpOptions(auth: SessionAuth): Promise<PasskeyOptionsResponse> {
    const { options, expiresAt } = await this.passkeys.authenticationOptions({ userId: auth.user.id });
    return { options, expiresAt: iso(expiresAt) };
  }

  /** A user-verifying passkey is a fresh proof of both factors: the session's step-up is renewed and marked as a passkey's. */
  async stepUp(auth: SessionAuth, response: AuthenticationResponseJSON, ctx: RequestContext): Promise<number> {
    const { credentialId, userVerified } = await this.passkeys.verifyAuthentication(response, ctx, { userId: auth.user.id });
    if (!userVerified) {
      await this.audit.record({ event: 'step_up.passkey', outcome: 'failure', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { reason: 'no_user_verification' } });
      throw new ServiceError(ErrorCode.passkeyRefused, 401, msg('server.error.passkeyUnverified.stepUp'));
    }
    const now = this.clock.now();
    await this.db.updateTable('tokens').set({ step_up_at: now, passkey_step_up_at: now }).where('id', '=', auth.token.id).execute();
    auth.token.step_up_at = now;
    auth.token.passkey_step_up_at = now;
    await this.audit.record({ event: 'step_up.success', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { via: 'passkey', passkey: credentialId.slice(0, 16) } });
    return now + this.limits.stepUpMs;
  }

  /** Whether this session stepped up with a passkey in the last few minutes (admins, when the org requires it). */
  hasFreshPasskeyStepUp(auth: SessionAuth): boolean {
    const at = auth.token.passkey_step_up_at ?? null;
    return at !== null && this.clock.now() - at < this.limits.stepUpMs;
  }

  private requireVerifyStep(auth: PendingAuth): void {
    if (auth.token.purpose !== 'verify') throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.enrollFirst'));
  }
}
