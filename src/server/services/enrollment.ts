/**
 * Enrollment of a factor: at sign-in (pending token, org requires 2FA) or from
 * Account Settings (session with a fresh step-up). Nothing changes until the
 * first code is confirmed; the first factor brings the backup codes.
 */
import { ErrorCode } from '../../shared/errors';
import type { EnrollConfirmResponse, TotpEnrollStartResponse } from '../../shared/schemas';
import type { AuditLog, RequestContext } from './audit';
import { msg, invalidCode, proofFirst, ServiceError, stepUpRequired, wrongCodeAnswer } from './errors';
import type { FactorService } from './factors';
import type { PolicyService } from './policy';
import type { SignInService } from './sign-in';
import type { SecondFactorThrottle } from './throttle';
import type { PendingAuth, SessionAuth, TokenService } from './tokens';
import { matchTotpStep } from './totp';
import type { Clock } from './clock';
import type { FactorsTable } from '../db/schema';
import type { UserRecord } from './users';

type EnrollAuth = PendingAuth | SessionAuth;


export interface EnrollmentEvents {
  /** A factor was confirmed and is on (notifications hook in here). */
  onFactorAdded?(user: UserRecord, kind: FactorsTable['kind']): Promise<void> | void;
  /** Wrong first codes locked the account. */
  onLocked?(user: UserRecord, lockMs: number): Promise<void> | void;
}

export class EnrollmentService {
  constructor(
    private readonly clock: Clock,
    private readonly factors: FactorService,
    private readonly policies: PolicyService,
    private readonly tokens: TokenService,
    private readonly signIn: SignInService,
    private readonly throttle: SecondFactorThrottle,
    private readonly audit: AuditLog,
    readonly events: EnrollmentEvents = {},
  ) {}

  /** Pending tokens may enroll only when sign-in said "enroll"; sessions need a fresh step-up. */
  private assertMayEnroll(auth: EnrollAuth): void {
    if (auth.kind === 'pending' && auth.token.purpose === 'prove') throw new ServiceError(ErrorCode.forbidden, 403, proofFirst);
    if (auth.kind === 'pending' && auth.token.purpose !== 'enroll') {
      throw new ServiceError(ErrorCode.forbidden, 403, msg('server.error.finishSignInFirst'));
    }
    if (auth.kind === 'session' && !this.tokens.hasFreshStepUp(auth)) throw stepUpRequired();
  }

  async startTotp(auth: EnrollAuth, label: string | undefined, ctx: RequestContext): Promise<TotpEnrollStartResponse> {
    this.assertMayEnroll(auth);
    const policy = await this.policies.forOrg(auth.user.org_id);
    if (!policy.allowedMethods.includes('totp')) {
      throw new ServiceError(ErrorCode.policyViolation, 403, msg('server.error.totpNotAllowed'));
    }
    const started = await this.factors.startTotp(auth.user.id, auth.user.username, label?.trim() || 'Authenticator app');
    await this.audit.record({ event: 'enrollment.started', outcome: 'info', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind: 'totp' } });
    return { factorId: started.factorId, secret: started.secretBase32, otpauthUri: started.otpauthUri, qrSvg: started.qrSvg };
  }

  async confirm(auth: EnrollAuth, factorId: string, code: string, ctx: RequestContext): Promise<EnrollConfirmResponse> {
    this.assertMayEnroll(auth);
    const user = auth.user;
    const factor = await this.factors.pendingFactor(user.id, factorId);
    if (!factor) throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.noPendingSetup'));
    if (!(await this.policies.forOrg(user.org_id)).allowedMethods.includes(factor.kind)) {
      throw new ServiceError(ErrorCode.policyViolation, 403, msg('server.error.methodNotAllowed'));
    }
    // Wrong first codes count like any other wrong code.
    const reservation = await this.throttle.reserve(user.id);
    if (!reservation.ok) throw invalidCode({ retryAfter: reservation.retryAfter, pause: reservation.locked ? 'lock' : 'short' });
    if (!(await this.acceptFirstCode(factor, code))) {
      await this.audit.record({ event: 'enrollment.failure', outcome: 'failure', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind: factor.kind } });
      const lockMs = await this.throttle.failed(user.id, reservation.attempt);
      if (lockMs > 0) await this.events.onLocked?.(user, lockMs);
      throw invalidCode(lockMs > 0 ? { retryAfter: Math.ceil(lockMs / 1000), pause: 'lock' } : wrongCodeAnswer(reservation, this.throttle.delayFromFailure));
    }
    await this.throttle.succeeded(user.id);
    const { first, replaced } = await this.factors.activate(user.id, factor);
    const backupCodes = first ? await this.factors.regenerateBackupCodes(user.id) : undefined;
    await this.audit.record({ event: 'enrollment.confirmed', outcome: 'success', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { kind: factor.kind, first, replaced } });
    await this.events.onFactorAdded?.(user, factor.kind);
    if (backupCodes) {
      await this.audit.record({ event: 'backup_codes.generated', outcome: 'success', orgId: user.org_id, userId: user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { count: backupCodes.length } });
    }
    const activated = { ...factor, status: 'active' as const, confirmed_at: this.clock.now() };
    const response: EnrollConfirmResponse = { factor: this.factors.info(activated) };
    if (backupCodes) response.backupCodes = backupCodes;
    if (auth.kind === 'pending') response.session = await this.signIn.finish(auth, { ...ctx, clientType: auth.token.client_type });
    return response;
  }

  /** TOTP: the code's time step counts as used. SMS/email: the code sent for this enrollment (bound to the pending factor). */
  private async acceptFirstCode(factor: FactorsTable, code: string): Promise<boolean> {
    if (factor.kind === 'totp') {
      const step = matchTotpStep(this.factors.totp.secretOf(factor), code, this.clock.now());
      return step !== null && (await this.factors.totp.acceptStep(factor.id, step));
    }
    return (await this.factors.handler(factor.kind)?.verify(factor, code, { attemptId: factor.id })) ?? false;
  }
}
