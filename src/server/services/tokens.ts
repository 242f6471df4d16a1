/**
 * Pending tokens (password step done, second factor next) and session tokens.
 * Both are 256-bit random bearer strings stored as SHA-256 hashes. A session's
 * limits come from the org policy at the moment of each check.
 */
import { ErrorCode } from '../../shared/errors';
import type { ClientType, SessionGrant, SessionInfo } from '../../shared/schemas';
import type { Db } from '../db/database';
import { prepared } from '../db/prepared';
import type { TokensTable } from '../db/schema';
import { hashToken, newId, randomToken } from '../crypto/tokens';
import type { RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, credentialsChanged, ServiceError } from './errors';
import type { Limits } from './limits';
import { policyFromRow, type OrgPolicy } from './policy';
import { userSummary, type UserRecord } from './users';

/** verify: a code opens the session. enroll: set up a first factor. prove: a factor the user holds first, then enroll. */
export type PendingPurpose = 'verify' | 'enroll' | 'prove';
export type SessionPurpose = 'full' | 'device';

export interface PendingAuth {
  kind: 'pending';
  token: TokensTable;
  user: UserRecord;
  /** The org's policy, read with the token. */
  policy: OrgPolicy;
}

export interface SessionAuth {
  kind: 'session';
  token: TokensTable;
  user: UserRecord;
  policy: OrgPolicy;
}

const unauthenticated = () =>
  new ServiceError(ErrorCode.unauthenticated, 401, msg('server.error.unauthenticated'));

/** The columns a new token row is written with (pending or session): one INSERT, compiled once. */
const tokenColumns = ['id', 'token_hash', 'kind', 'user_id', 'epoch', 'purpose', 'client_type', 'registration_id', 'ip', 'user_agent', 'created_at', 'last_used_at', 'expires_at', 'mailbox'] as const;
type TokenColumn = (typeof tokenColumns)[number];

export class TokenService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly limits: Limits,
  ) {}

  /** The hot statements (every authenticated request, every sign-in), compiled once: db/prepared.ts. */
  private readonly statements = {
    insert: prepared(tokenColumns, (db, $) =>
      db
        .insertInto('tokens')
        .values({
          ...(Object.fromEntries(tokenColumns.map((c) => [c, $(c)])) as Record<TokenColumn, never>),
          consumed_at: null,
          revoked_at: null,
          step_up_at: null,
        }),
    ),
    lookup: prepared(['tokenHash'], (db, $) =>
      db
        .selectFrom('tokens')
        .innerJoin('users', 'users.id', 'tokens.user_id')
        .innerJoin('orgs', 'orgs.id', 'users.org_id')
        .leftJoin('registrations', 'registrations.id', 'tokens.registration_id')
        .selectAll('tokens')
        .select([
          'users.org_id as u_org_id',
          'users.username as u_username',
          'users.email as u_email',
          'users.display_name as u_display_name',
          'users.role as u_role',
          'users.password_hash as u_password_hash',
          'users.credential_epoch as u_credential_epoch',
          'users.failed_2fa as u_failed_2fa',
          'users.next_2fa_at as u_next_2fa_at',
          'users.lock_until as u_lock_until',
          'users.lock_level as u_lock_level',
          'users.last_sign_in_at as u_last_sign_in_at',
          'users.created_at as u_created_at',
          'users.password_change_required as u_password_change_required',
          'orgs.name as org_name',
          'orgs.require_2fa',
          'orgs.allowed_methods',
          'orgs.session_max_age_s',
          'orgs.session_idle_s',
          'orgs.allow_email_to_addin_mailbox',
          'orgs.passkeys_allowed',
          'orgs.require_admin_passkey',
          'registrations.id as reg_id',
          'registrations.revoked_at as reg_revoked_at',
          'registrations.epoch as reg_epoch',
        ])
        .where('tokens.token_hash', '=', $('tokenHash')),
    ),
    consume: prepared(['id', 'now'], (db, $) => db.updateTable('tokens').set({ consumed_at: $('now') }).where('id', '=', $('id')).where('consumed_at', 'is', null)),
    touch: prepared(['id', 'now', 'before'], (db, $) => db.updateTable('tokens').set({ last_used_at: $('now') }).where('id', '=', $('id')).where('last_used_at', '<=', $('before'))),
  };

  private async insertToken(db: Db, row: Omit<TokensTable, 'consumed_at' | 'revoked_at' | 'step_up_at'>): Promise<void> {
    await this.statements.insert.run(db, { ...row, mailbox: row.mailbox ?? null });
  }

  async issuePending(
    user: UserRecord,
    purpose: PendingPurpose,
    ctx: RequestContext,
    registrationId: string | null = null,
    /** The Outlook add-in's mailbox, when known (its email-code rule). */
    mailbox: string | null = null,
    /** The store or a transaction. */
    db: Db = this.db,
  ): Promise<{ token: string; expiresAt: number }> {
    const token = randomToken();
    const now = this.clock.now();
    const expiresAt = now + this.limits.pendingTokenMs;
    await this.insertToken(db, {
      ...this.baseRow(user, token, ctx, registrationId),
      kind: 'pending',
      purpose,
      expires_at: expiresAt,
      mailbox: mailbox?.toLowerCase() ?? null,
    });
    return { token, expiresAt };
  }

  /**
   * A new session: its row (not stored yet) and the grant the client gets. The caller stores it with
   * `storeSession`, possibly inside the transaction that spends the pending token.
   */
  newSession(user: UserRecord, purpose: SessionPurpose, ctx: RequestContext, registrationId: string | null, policy: OrgPolicy): { row: TokensTable; grant: SessionGrant } {
    const token = randomToken();
    const row: TokensTable = { ...this.baseRow(user, token, ctx, registrationId), kind: 'session', purpose, expires_at: null };
    const limits = sessionLimits(row, policy);
    return {
      row,
      grant: {
        token,
        sessionId: row.id,
        expiresAt: iso(limits.expiresAt),
        idleExpiresAt: iso(limits.idleExpiresAt),
        user: userSummary(user),
      },
    };
  }

  async storeSession(row: TokensTable, db: Db = this.db): Promise<void> {
    await this.insertToken(db, row);
  }

  /** Issues and stores a session (`policy`: the org's, read in this request) and notes the sign-in time. */
  async issueSession(
    user: UserRecord,
    purpose: SessionPurpose,
    ctx: RequestContext,
    registrationId: string | null,
    policy: OrgPolicy,
    /** The store or a transaction. */
    db: Db = this.db,
  ): Promise<SessionGrant> {
    const { row, grant } = this.newSession(user, purpose, ctx, registrationId, policy);
    await this.storeSession(row, db);
    await db.updateTable('users').set({ last_sign_in_at: row.created_at }).where('id', '=', user.id).execute();
    return grant;
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

  /**
   * One read for every authenticated request: the token, its user, the org's policy and (when the token is
   * bound to a device) the registration's state, joined by primary keys.
   */
  private async lookup(token: string, kinds: readonly TokensTable['kind'][]): Promise<{ row: TokensTable; user: UserRecord; policy: OrgPolicy }> {
    const found = await this.statements.lookup.first(this.db, { tokenHash: hashToken(token) });
    // A token of another kind is unknown here, before any other check (as if it were not found).
    if (!found || !kinds.includes(found.kind)) throw unauthenticated();
    const {
      u_org_id, u_username, u_email, u_display_name, u_role, u_password_hash, u_credential_epoch, u_failed_2fa, u_next_2fa_at,
      u_lock_until, u_lock_level, u_last_sign_in_at, u_created_at, u_password_change_required, org_name,
      require_2fa, allowed_methods, session_max_age_s, session_idle_s, allow_email_to_addin_mailbox, passkeys_allowed, require_admin_passkey,
      reg_id, reg_revoked_at, reg_epoch,
      ...row
    } = found;
    const user: UserRecord = {
      id: row.user_id,
      org_id: u_org_id,
      username: u_username,
      email: u_email,
      display_name: u_display_name,
      role: u_role,
      password_hash: u_password_hash,
      credential_epoch: u_credential_epoch,
      failed_2fa: u_failed_2fa,
      next_2fa_at: u_next_2fa_at,
      lock_until: u_lock_until,
      lock_level: u_lock_level,
      last_sign_in_at: u_last_sign_in_at,
      created_at: u_created_at,
      // Read here so that the password-change gate needs no query of its own.
      password_change_required: Number(u_password_change_required ?? 0),
      org_name,
    };
    if (row.epoch !== user.credential_epoch) throw credentialsChanged();
    if (row.registration_id && (reg_id === null || reg_revoked_at !== null || reg_epoch !== user.credential_epoch)) {
      throw credentialsChanged();
    }
    const policy = policyFromRow({ require_2fa, allowed_methods, session_max_age_s, session_idle_s, allow_email_to_addin_mailbox, passkeys_allowed, require_admin_passkey });
    return { row, user, policy };
  }

  private pending({ row, user, policy }: { row: TokensTable; user: UserRecord; policy: OrgPolicy }): PendingAuth {
    if (row.kind !== 'pending') throw unauthenticated();
    if (row.consumed_at !== null || row.revoked_at !== null || (row.expires_at ?? 0) <= this.clock.now()) {
      throw new ServiceError(ErrorCode.pendingExpired, 401, msg('server.error.pendingExpired'));
    }
    return { kind: 'pending', token: row, user, policy };
  }

  private async session({ row, user, policy }: { row: TokensTable; user: UserRecord; policy: OrgPolicy }): Promise<SessionAuth> {
    if (row.kind !== 'session' || row.revoked_at !== null) throw unauthenticated();
    const now = this.clock.now();
    const { expiresAt, idleExpiresAt } = sessionLimits(row, policy);
    if (now >= expiresAt || now >= idleExpiresAt) {
      throw new ServiceError(ErrorCode.sessionExpired, 401, msg('server.error.sessionExpired'));
    }
    // The idle clock is written at most once per touchEveryMs per session (not per request). The stored
    // time lags the true last use by less than that, so the idle limit ends a session at most that much
    // early, never late. Conditional: of parallel requests (on any instance) one writes.
    if (now - row.last_used_at >= this.limits.touchEveryMs) {
      await this.statements.touch.run(this.db, { id: row.id, now, before: now - this.limits.touchEveryMs });
      row.last_used_at = now;
    }
    return { kind: 'session', token: row, user, policy };
  }

  async authenticatePending(token: string): Promise<PendingAuth> {
    return this.pending(await this.lookup(token, ['pending']));
  }

  async authenticateSession(token: string): Promise<SessionAuth> {
    return this.session(await this.lookup(token, ['session']));
  }

  /** Either kind, one read (enrollment takes a pending sign-in or a session). */
  async authenticatePendingOrSession(token: string): Promise<PendingAuth | SessionAuth> {
    const found = await this.lookup(token, ['pending', 'session']);
    return found.row.kind === 'session' ? this.session(found) : this.pending(found);
  }

  /** Spends a pending token; of parallel callers exactly one gets true. `db` may be a transaction. */
  async consumePending(tokenId: string, db: Db = this.db): Promise<boolean> {
    return (await this.statements.consume.affected(db, { id: tokenId, now: this.clock.now() })) === 1;
  }

  async markStepUp(sessionId: string): Promise<number> {
    const now = this.clock.now();
    await this.db.updateTable('tokens').set({ step_up_at: now }).where('id', '=', sessionId).execute();
    return now + this.limits.stepUpMs;
  }

  /** The session was opened (password + second step) within the step-up window. */
  justOpened(auth: SessionAuth): boolean {
    return this.clock.now() - auth.token.created_at < this.limits.stepUpMs;
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
