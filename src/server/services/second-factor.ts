/**
 * The one door every second-factor code goes through (sign-in, enrollment of
 * an extra factor, step-up): throttling per account, the check, the audit.
 * A locked or delayed account gets the same answer as a wrong code.
 */
import type { VerifyMethod } from '../../shared/schemas';
import type { Db } from '../db/database';
import type { AuditEntry, AuditLog, RequestContext } from './audit';
import { invalidCode, wrongCodeAnswer } from './errors';
import type { AttemptContext, FactorService } from './factors';
import type { OrgPolicy } from './policy';
import type { SecondFactorThrottle } from './throttle';
import type { UserRecord } from './users';

export interface SecondFactorEvents {
  /** Called when an account gets locked (notifications hook in here). May run inside the verification's transaction: queue, never await I/O. */
  onLocked?(user: UserRecord, lockMs: number): Promise<void> | void;
}

/**
 * A right code whose success is not written yet: the throttle reset and the success audit entry are for
 * the caller to write (`require` does it at once; sign-in writes them with the session, in one transaction).
 */
export interface GatePass {
  user: UserRecord;
  audit: AuditEntry;
}

export class SecondFactorGate {
  constructor(
    private readonly factors: FactorService,
    private readonly throttle: SecondFactorThrottle,
    private readonly audit: AuditLog,
    readonly events: SecondFactorEvents = {},
  ) {}

  /** Resolves when the code is right; otherwise throws invalid_code (with retryAfter when throttled). */
  async require(
    user: UserRecord,
    policy: OrgPolicy,
    input: { method: VerifyMethod; code: string; factorId?: string },
    attempt: AttemptContext,
    ctx: RequestContext,
    purpose: string,
  ): Promise<void> {
    const pass = await this.check(user, policy, input, attempt, ctx, purpose);
    await this.settle(pass);
  }

  /**
   * The attempt is counted (reserved) before the code is checked, and a wrong code is written at once
   * (audit, lock). A right code answers a GatePass: its code is already spent (the TOTP step, the backup
   * code or the delivered code is consumed atomically), but the caller must still settle it — with
   * `settle`, or by writing `throttle.successColumns` and `pass.audit` itself.
   *
   * `db`: the store, or a transaction the whole check runs in (sign-in's one commit per verification). In a
   * transaction, a refusal's writes (the counted attempt, the audit, the lock) are the caller's to commit before
   * it passes the error on: a wrong code is counted even though the sign-in fails.
   */
  async check(
    user: UserRecord,
    policy: OrgPolicy,
    input: { method: VerifyMethod; code: string; factorId?: string },
    attempt: AttemptContext,
    ctx: RequestContext,
    purpose: string,
    db?: Db,
  ): Promise<GatePass> {
    const base = { orgId: user.org_id, userId: user.id, clientType: ctx.clientType, ip: ctx.ip };
    const reservation = await this.throttle.reserve(user.id, db);
    if (!reservation.ok) {
      await this.audit.recordAll([{ ...base, event: 'second_factor.throttled', outcome: 'failure', detail: { method: input.method, purpose } }], db);
      throw invalidCode({ retryAfter: reservation.retryAfter, pause: reservation.locked ? 'lock' : 'short' });
    }
    const ok = await this.factors.check(user.id, policy, input.method, input.code, input.factorId, attempt, db);
    if (ok) {
      const backup = input.method === 'backup_code';
      return {
        user,
        audit: {
          ...base,
          event: backup ? 'backup_code.used' : 'second_factor.success',
          outcome: 'success',
          detail: { method: input.method, purpose, ...(backup ? { left: await this.factors.backupCodesLeft(user.id, db) } : {}) },
        },
      };
    }
    const failure: AuditEntry = { ...base, event: 'second_factor.failure', outcome: 'failure', detail: { method: input.method, purpose, attempt: reservation.attempt, ...(attempt.replayed ? { reason: 'replay' } : {}) } };
    const lockMs = await this.throttle.failed(user.id, reservation.attempt, db);
    // The failure and (when this attempt locked the account) the lock: one INSERT.
    await this.audit.recordAll(lockMs > 0 ? [failure, { ...base, event: 'account.locked', outcome: 'info', detail: { seconds: lockMs / 1000 } }] : [failure], db);
    if (lockMs > 0) {
      await this.events.onLocked?.(user, lockMs);
      throw invalidCode({ retryAfter: Math.ceil(lockMs / 1000), pause: 'lock' });
    }
    throw invalidCode(wrongCodeAnswer(reservation, this.throttle.delayFromFailure));
  }

  /** Writes a right code's outcome: the failure count starts over, the success is audited. */
  async settle(pass: GatePass, db?: Db): Promise<void> {
    await this.throttle.succeeded(pass.user.id, db);
    await this.audit.recordAll([pass.audit], db);
  }
}
