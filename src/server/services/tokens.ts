/**
 * Pending tokens (password step done, second factor next) and session tokens.
 * Both are 256-bit random bearer strings stored as SHA-256 hashes. A session's
 * limits come from the org policy at the moment of each check.
 */
import { ErrorCode } from '../../shared/errors';
import type { ClientType, SessionGrant, SessionInfo } from '../../shared/schemas';
import type { Db } from '../db/database';
import type { TokensTable } from '../db/schema';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import type { RequestContext } from './audit';
import type { Clock } from './clock';
import { credentialsChanged, ServiceError } from './errors';
import type { Limits } from './limits';
import { PolicyService, type OrgPolicy } from './policy';
import { UserDirectory, userSummary, type UserRecord } from './users';

export type PendingPurpose = 'verify' | 'enroll';
export type SessionPurpose = 'full' | 'device';

export interface PendingAuth {
  kind: 'pending';
  token: TokensTable;
  user: UserRecord;
}

export interface SessionAuth {
  kind: 'session';
  token: TokensTable;
  user: UserRecord;
  policy: OrgPolicy;
}

const unauthenticated = () =>
  new ServiceError(ErrorCode.unauthenticated, 401, 'Sign in to continue.');

export class TokenService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: Limits,
    private readonly users: UserDirectory,
    private readonly policies: PolicyService,
  ) {}

  async issuePending(
    user: UserRecord,
    purpose: PendingPurpose,
    ctx: RequestContext,
    registrationId: string | null = null,
    /** The Outlook add-in's mailbox, when known (its email-code rule). */
    mailbox: string | null = null,
  ): Promise<{ token: string; expiresAt: number }> {
    const token = randomToken();
    const now = this.clock.now();
    const expiresAt = now + this.limits.pendingTokenMs;
    await this.db
      .insertInto('tokens')
      .values({
        ...this.baseRow(user, token, ctx, registrationId),
        kind: 'pending',
        purpose,
        expires_at: expiresAt,
        mailbox: mailbox?.toLowerCase() ?? null,
      })
      .execute();
    return { token, expiresAt };
  }

  async issueSession(
    user: UserRecord,
    purpose: SessionPurpose,
    ctx: RequestContext,
    registrationId: string | null = null,
  ): Promise<SessionGrant> {
    const token = randomToken();
    const row = { ...this.baseRow(user, token, ctx, registrationId), kind: 'session' as const, purpose, expires_at: null };
    await this.db.insertInto('tokens').values(row).execute();
    await this.db.updateTable('users').set({ last_sign_in_at: row.created_at }).where('id', '=', user.id).execute();
    const policy = await this.policies.forOrg(user.org_id);
    const limits = sessionLimits(row, policy);
    return {
      token,
      sessionId: row.id,
      expiresAt: iso(limits.expiresAt),
      idleExpiresAt: iso(limits.idleExpiresAt),
      user: userSummary(user),
    };
  }

  private baseRow(user: UserRecord, token: string, ctx: RequestContext, registrationId: string | null) {
    const now = this.clock.now();
    return {
      id: newId(),
      token_hash: hashToken(token),
      user_id: user.id,
      epoch: user.credential_epoch,
      client_type: ctx.clientType ?? null,
      registration_id: registrationId,
      ip: ctx.ip,
      user_agent: ctx.userAgent?.slice(0, 300) ?? null,
      created_at: now,
      last_used_at: now,
      consumed_at: null,
      revoked_at: null,
      step_up_at: null,
    };
  }

  private async lookup(token: string, kind: TokensTable['kind']): Promise<{ row: TokensTable; user: UserRecord }> {
    const row = await this.db.selectFrom('tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row || row.kind !== kind) throw unauthenticated();
    const user = await this.users.byId(row.user_id);
    if (!user) throw unauthenticated();
    if (row.epoch !== user.credential_epoch) throw credentialsChanged();
    if (row.registration_id) {
      const registration = await this.db
        .selectFrom('registrations')
        .select(['revoked_at', 'epoch'])
        .where('id', '=', row.registration_id)
        .executeTakeFirst();
      if (!registration || registration.revoked_at !== null || registration.epoch !== user.credential_epoch) {
        throw credentialsChanged();
      }
    }
    return { row, user };
  }

  async authenticatePending(token: string): Promise<PendingAuth> {
    const { row, user } = await this.lookup(token, 'pending');
    if (row.consumed_at !== null || row.revoked_at !== null || (row.expires_at ?? 0) <= this.clock.now()) {
      throw new ServiceError(ErrorCode.pendingExpired, 401, 'This sign-in attempt has expired. Start again with your password.');
    }
    return { kind: 'pending', token: row, user };
  }

  /** Spends a pending token; of parallel callers exactly one gets true. */
  async consumePending(tokenId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('tokens')
      .set({ consumed_at: this.clock.now() })
      .where('id', '=', tokenId)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async authenticateSession(token: string): Promise<SessionAuth> {
    const { row, user } = await this.lookup(token, 'session');
    if (row.revoked_at !== null) throw unauthenticated();
    const policy = await this.policies.forOrg(user.org_id);
    const now = this.clock.now();
    const { expiresAt, idleExpiresAt } = sessionLimits(row, policy);
    if (now >= expiresAt || now >= idleExpiresAt) {
      throw new ServiceError(ErrorCode.sessionExpired, 401, 'Your session has expired. Sign in again with a code.');
    }
    if (now - row.last_used_at >= this.limits.touchEveryMs) {
      await this.db.updateTable('tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
      row.last_used_at = now;
    }
    return { kind: 'session', token: row, user, policy };
  }

  async markStepUp(sessionId: string): Promise<number> {
    const now = this.clock.now();
    await this.db.updateTable('tokens').set({ step_up_at: now }).where('id', '=', sessionId).execute();
    return now + this.limits.stepUpMs;
  }

  hasFreshStepUp(auth: SessionAuth): boolean {
    return auth.token.step_up_at !== null && this.clock.now() - auth.token.step_up_at < this.limits.stepUpMs;
  }

  stepUpExpiresAt(auth: SessionAuth): number | null {
    return this.hasFreshStepUp(auth) ? (auth.token.step_up_at ?? 0) + this.limits.stepUpMs : null;
  }

  async list(auth: SessionAuth): Promise<SessionInfo[]> {
    const now = this.clock.now();
    const rows = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('user_id', '=', auth.user.id)
      .where('kind', '=', 'session')
      .where('revoked_at', 'is', null)
      .where('epoch', '=', auth.user.credential_epoch)
      .orderBy('last_used_at', 'desc')
      .execute();
    return rows
      .map((row) => ({ row, limits: sessionLimits(row, auth.policy) }))
      .filter(({ limits }) => now < limits.expiresAt && now < limits.idleExpiresAt)
      .map(({ row, limits }) => sessionInfo(row, limits, row.id === auth.token.id));
  }

  sessionInfo(auth: SessionAuth): SessionInfo {
    return sessionInfo(auth.token, sessionLimits(auth.token, auth.policy), true);
  }

  /** Ends one session of this user; answers whether it existed. */
  async revoke(userId: string, sessionId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('tokens')
      .set({ revoked_at: this.clock.now() })
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .where('kind', '=', 'session')
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Ends every session and pending sign-in of a user, but one; answers how many ended. */
  async revokeAll(userId: string, exceptId: string | null = null): Promise<number> {
    let query = this.db
      .updateTable('tokens')
      .set({ revoked_at: this.clock.now() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null);
    if (exceptId) query = query.where('id', '!=', exceptId);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async revokeForRegistration(registrationId: string): Promise<void> {
    await this.db
      .updateTable('tokens')
      .set({ revoked_at: this.clock.now() })
      .where('registration_id', '=', registrationId)
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** Keeps the current session alive across an epoch bump the user made themselves (password change). */
  async moveToEpoch(sessionId: string, epoch: number): Promise<void> {
    await this.db.updateTable('tokens').set({ epoch, registration_id: null }).where('id', '=', sessionId).execute();
  }

  async bindRegistration(sessionId: string, registrationId: string): Promise<void> {
    await this.db.updateTable('tokens').set({ registration_id: registrationId }).where('id', '=', sessionId).execute();
  }
}

export function sessionLimits(row: Pick<TokensTable, 'created_at' | 'last_used_at'>, policy: OrgPolicy) {
  return {
    expiresAt: row.created_at + policy.sessionMaxAgeSeconds * 1000,
    idleExpiresAt: Math.min(row.last_used_at + policy.sessionIdleSeconds * 1000, row.created_at + policy.sessionMaxAgeSeconds * 1000),
  };
}

function sessionInfo(row: TokensTable, limits: { expiresAt: number; idleExpiresAt: number }, current: boolean): SessionInfo {
  return {
    id: row.id,
    clientType: (row.client_type as ClientType | null) ?? null,
    registrationId: row.registration_id,
    createdAt: iso(row.created_at),
    lastUsedAt: iso(row.last_used_at),
    expiresAt: iso(limits.expiresAt),
    idleExpiresAt: iso(limits.idleExpiresAt),
    ip: row.ip,
    userAgent: row.user_agent,
    current,
  };
}

export const iso = (ms: number) => new Date(ms).toISOString();
