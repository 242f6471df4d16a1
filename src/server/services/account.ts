/**
 * What a signed-in user does to their own account: step-up, password change,
 * backup codes, removing a factor, sessions. Sensitive changes need a fresh
 * step-up (password + current second factor).
 */
import { ErrorCode } from '../../shared/errors';
import type { MeResponse, VerifyMethod } from '../../shared/schemas';
import { hashPassword, passwordRefusal } from '../crypto/password';
import type { Db } from '../db/database';
import type { AuditLog, RequestContext } from './audit';
import { msg, invalidCredentials, notFound, ServiceError, stepUpRequired } from './errors';
import type { FactorService } from './factors';
import { policyInfo, type OrgPolicy } from './policy';
import type { SecondFactorGate } from './second-factor';
import type { SignInService } from './sign-in';
import { iso, type SessionAuth, type TokenService } from './tokens';
import { userSummary, type UserDirectory, type UserRecord } from './users';

export interface SecondFactorInput {
  method?: VerifyMethod;
  code?: string;
  factorId?: string;
}

/**
 * The user's passkeys, as a second factor (set after construction: passkeys are built on the account's services).
 * `count` answers 0 when the org does not allow passkeys (they then protect nothing).
 */
export interface PasskeyFactors {
  count(userId: string, policy: OrgPolicy): Promise<number>;
  /** Whether this session proved a user-verifying passkey in the last few minutes. */
  freshProof(auth: SessionAuth): boolean;
  /** Removes one of the user's passkeys (audit, notification); throws not found. */
  remove(user: UserRecord, passkeyId: string, ctx: RequestContext): Promise<void>;
}

export interface AccountEvents {
  onPasswordChanged?(user: UserRecord): Promise<void> | void;
  onFactorRemoved?(user: UserRecord, kind: string, twoFactorOff: boolean): Promise<void> | void;
  onBackupCodesRegenerated?(user: UserRecord): Promise<void> | void;
}

export class AccountService {
  constructor(
    private readonly db: Db,
    private readonly users: UserDirectory,
    private readonly factors: FactorService,
    private readonly tokens: TokenService,
    private readonly gate: SecondFactorGate,
    private readonly signIn: SignInService,
    private readonly audit: AuditLog,
    readonly events: AccountEvents = {},
  ) {}

  /** A passkey counts as a second factor wherever one is counted (none until set). */
  passkeys: PasskeyFactors = { count: async () => 0, freshProof: () => false, remove: async () => undefined };

  /** Without the preferences (locale, time zone): the route adds them from PreferenceService. */
  async me(auth: SessionAuth): Promise<Omit<MeResponse, 'locale' | 'timeZone'>> {
    const factors = await this.factors.activeFactors(auth.user.id);
    const stepUp = this.tokens.stepUpExpiresAt(auth);
    // A passkey-only user has two-step on (the portal shows it "on, with your passkey": no code methods listed).
    const passkeys = factors.length > 0 ? 0 : await this.passkeys.count(auth.user.id, auth.policy);
    return {
      user: userSummary(auth.user),
      twoFactorEnabled: factors.length > 0 || passkeys > 0,
      factors: factors.map((f) => this.factors.info(f)),
      backupCodesLeft: await this.factors.backupCodesLeft(auth.user.id),
      policy: policyInfo(auth.policy, auth.token.client_type as never),
      session: this.tokens.sessionInfo(auth),
      stepUpExpiresAt: stepUp === null ? null : iso(stepUp),
    };
  }

  /**
   * Password, then (when 2FA is on) a second factor: a code through the shared throttle, or, for a user with a
   * passkey, this session's fresh passkey proof. A passkey-only user is never let through on the password alone.
   */
  private async proveIdentity(auth: SessionAuth, password: string, second: SecondFactorInput, ctx: RequestContext, purpose: string, passwordOnly = false): Promise<void> {
    const user = await this.signIn.attemptPassword(auth.user.username, password, ctx);
    if (!user || user.id !== auth.user.id) {
      await this.audit.record({ event: `${purpose}.password`, outcome: 'failure', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType });
      throw invalidCredentials();
    }
    if (passwordOnly) return;
    const codeFactors = (await this.factors.usableFactors(auth.user.id, auth.policy)).length;
    const passkeys = await this.passkeys.count(auth.user.id, auth.policy);
    if (codeFactors === 0 && passkeys === 0) return;
    // A code: one of the code methods, or (a passkey-only user's lost passkey) a backup code.
    if (second.method && second.code) {
      await this.gate.require(auth.user, auth.policy, { method: second.method, code: second.code, factorId: second.factorId }, { attemptId: auth.token.id }, ctx, purpose);
      return;
    }
    if (passkeys > 0 && this.passkeys.freshProof(auth)) return;
    if (codeFactors === 0) {
      await this.audit.record({ event: `${purpose}.second_factor`, outcome: 'failure', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { reason: 'passkey_needed' } });
      throw new ServiceError(ErrorCode.stepUpRequired, 403, msg('server.error.passkeyStepUp'));
    }
    throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.codeRequired'));
  }

  async stepUp(auth: SessionAuth, password: string, second: SecondFactorInput, ctx: RequestContext): Promise<number> {
    await this.proveIdentity(auth, password, second, ctx, 'step_up');
    const until = await this.tokens.markStepUp(auth.token.id);
    await this.audit.record({ event: 'step_up.success', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType });
    return until;
  }

  requireStepUp(auth: SessionAuth): void {
    if (!this.tokens.hasFreshStepUp(auth)) throw stepUpRequired();
  }

  /**
   * Needs the old password and the second factor; ends every other session and registration.
   * `required`: the password is marked for change (a generated first password). A session opened in the last
   * few minutes (the step-up window) has just had its second step, so the old password alone confirms then:
   * a code right after sign-in would be the one just spent.
   */
  async changePassword(auth: SessionAuth, current: string, next: string, second: SecondFactorInput, ctx: RequestContext, required = false): Promise<void> {
    const problem = await passwordRefusal(next, auth.user.username);
    if (problem) throw new ServiceError(ErrorCode.weakPassword, 400, problem);
    if (required && current === next) throw new ServiceError(ErrorCode.weakPassword, 400, msg('server.error.password.sameAsGiven'));
    const justSignedIn = required && !second.code && this.tokens.justOpened(auth);
    await this.proveIdentity(auth, current, second, ctx, 'password_change', justSignedIn);
    await this.db.updateTable('users').set({ password_hash: await hashPassword(next) }).where('id', '=', auth.user.id).execute();
    const epoch = await this.users.bumpEpoch(auth.user.id);
    // The current session stays (the user just proved themselves); every other one ends.
    await this.tokens.moveToEpoch(auth.token.id, epoch);
    const ended = await this.tokens.revokeAll(auth.user.id, auth.token.id);
    await this.audit.record({ event: 'password.changed', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { sessions_ended: ended } });
    await this.events.onPasswordChanged?.(auth.user);
  }

  async regenerateBackupCodes(auth: SessionAuth, ctx: RequestContext): Promise<string[]> {
    this.requireStepUp(auth);
    if ((await this.factors.activeFactors(auth.user.id)).length === 0 && (await this.passkeys.count(auth.user.id, auth.policy)) === 0) {
      throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.backupCodesNeedTwoStep'));
    }
    const codes = await this.factors.regenerateBackupCodes(auth.user.id);
    await this.audit.record({ event: 'backup_codes.regenerated', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { count: codes.length } });
    await this.events.onBackupCodesRegenerated?.(auth.user);
    return codes;
  }

  /** Removing the last factor (passkeys count) turns 2FA off: not while the org requires it; bumps the epoch when it happens. */
  async removeFactor(auth: SessionAuth, factorId: string, ctx: RequestContext): Promise<void> {
    this.requireStepUp(auth);
    const active = await this.factors.activeFactors(auth.user.id);
    if (!active.some((f) => f.id === factorId)) throw notFound('method');
    const last = active.length === 1 && (await this.passkeys.count(auth.user.id, auth.policy)) === 0;
    if (last) this.refuseLastIfRequired(auth);
    const removed = await this.factors.remove(auth.user.id, factorId);
    if (!removed) throw notFound('method');
    await this.audit.record({ event: 'factor.removed', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind: removed.kind, two_factor_off: last } });
    if (last) await this.twoFactorOff(auth);
    await this.events.onFactorRemoved?.(auth.user, removed.kind, last);
  }

  /** A passkey is removed like a code method: when it is the user's last factor, the same rules (policy, epoch) apply. */
  async removePasskey(auth: SessionAuth, passkeyId: string, ctx: RequestContext): Promise<void> {
    this.requireStepUp(auth);
    const codeFactors = (await this.factors.activeFactors(auth.user.id)).length;
    const last = codeFactors === 0 && (await this.passkeys.count(auth.user.id, auth.policy)) === 1;
    if (last) this.refuseLastIfRequired(auth);
    await this.passkeys.remove(auth.user, passkeyId, ctx);
    if (!last) return;
    await this.audit.record({ event: 'two_factor.off', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { via: 'passkey_removed' } });
    await this.twoFactorOff(auth);
  }

  private refuseLastIfRequired(auth: SessionAuth): void {
    if (auth.policy.require2fa) {
      throw new ServiceError(ErrorCode.policyViolation, 409, msg('server.error.lastMethod'));
    }
  }

  /** The last factor went: backup codes go too, and every other session and registration ends. */
  private async twoFactorOff(auth: SessionAuth): Promise<void> {
    await this.factors.removeAll(auth.user.id);
    const epoch = await this.users.bumpEpoch(auth.user.id);
    await this.tokens.moveToEpoch(auth.token.id, epoch);
    await this.tokens.revokeAll(auth.user.id, auth.token.id);
  }
}
