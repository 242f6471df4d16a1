/**
 * The org admin's actions from the portal (Admin → Settings → Policies, Users,
 * Audit): admin role only, one organization only, every action audited (and
 * every refusal too). Resetting someone's 2FA, and a policy change that
 * lowers protection, need the admin's own fresh step-up. The account rules
 * themselves stay in AdministrationService.
 */
import { ErrorCode } from '../../shared/errors';
import type { AdminAuditQuery, AdminCreateUserRequest, AdminPolicyResponse, AdminPolicyUpdate, AdminUser, AdminUsersQuery, AdminUsersResponse, AdminAuditResponse } from '../../shared/admin-schemas';
import type { RegistrationInfo } from '../../shared/schemas';
import type { Db } from '../db/database';
import type { AdministrationService, Actor } from './administration';
import { AdminQueries, auditCsv, auditExportMax, auditPageDefault, auditPageMax, page, type AuditFilters } from './admin-queries';
import type { AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, ServiceError, stepUpRequired } from './errors';
import { weakenedBy } from './policy';
import type { FactorService } from './factors';
import type { RegistrationService } from './registrations';
import type { SessionAuth, TokenService } from './tokens';

export interface AdminConsoleDeps {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  administration: AdministrationService;
  registrations: RegistrationService;
  tokens: TokenService;
  /** Passkey step-up (admin actions, when the org requires a passkey for administrators). */
  passkeyAuth?: { hasFreshPasskeyStepUp(auth: SessionAuth): boolean };
  passkeys?: { count(userId: string): Promise<number> };
  factors: Pick<FactorService, 'activeFactors'>;
}

export class AdminConsole {
  readonly queries: AdminQueries;

  constructor(private readonly deps: AdminConsoleDeps) {
    this.queries = new AdminQueries(deps.db, deps.clock);
  }

  /**
   * The one guard of every admin action: 403 for anyone but an admin, and for an admin without two-step
   * authentication on their own account (a password alone must not reset other people's 2FA; the CLI stays
   * the way out for a locked-out last admin). Every refusal is audited.
   */
  async requireAdmin(auth: SessionAuth, ctx: RequestContext, what: string): Promise<void> {
    const denied = (reason: string) =>
      this.deps.audit.record({ event: 'admin.denied', outcome: 'failure', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { action: what, reason } });
    if (auth.user.role !== 'admin') {
      await denied('not_admin');
      throw new ServiceError(ErrorCode.forbidden, 403, msg('server.error.adminOnly'));
    }
    if ((await this.deps.factors.activeFactors(auth.user.id)).length === 0 && (await this.deps.passkeys?.count(auth.user.id) ?? 0) === 0) {
      await denied('admin_without_2fa');
      throw new ServiceError(
        ErrorCode.adminTwoFactorRequired,
        403,
        msg('server.error.adminTwoFactorRequired'),
      );
    }
    return this.requireAdminPasskey(auth, ctx, what);
  }

  /** When the org requires a passkey for administrators: a fresh passkey step-up, or a refusal (audited). */
  private async requireAdminPasskey(auth: SessionAuth, ctx: RequestContext, what: string): Promise<void> {
    if (!auth.policy.requireAdminPasskey || this.deps.passkeyAuth?.hasFreshPasskeyStepUp(auth)) return;
    await this.deps.audit.record({ event: 'admin.denied', outcome: 'failure', orgId: auth.user.org_id, userId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { action: what, reason: 'passkey_step_up_required' } });
    throw new ServiceError(ErrorCode.stepUpRequired, 403, msg('server.error.adminPasskeyRequired'));
  }

  /** Refuses, and audits as `event` failed, an action taken without the admin's own fresh step-up. */
  private async requireStepUp(auth: SessionAuth, ctx: RequestContext, event: string, userId: string, detail: Record<string, string> = {}, why?: 'policyWeakened'): Promise<void> {
    if (this.deps.tokens.hasFreshStepUp(auth)) return;
    await this.deps.audit.record({ event, outcome: 'failure', orgId: auth.user.org_id, userId, actorId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { reason: 'step_up_required', ...detail } });
    throw stepUpRequired(why);
  }

  private actor(auth: SessionAuth, ctx: RequestContext): Actor {
    return { ...ctx, actorId: auth.user.id, orgId: auth.user.org_id };
  }

  async policy(auth: SessionAuth, ctx: RequestContext): Promise<AdminPolicyResponse> {
    await this.requireAdmin(auth, ctx, 'policy.read');
    return this.queries.policy(auth.user.org_id);
  }

  /** A change that lowers the org's protection needs the admin's fresh step-up; tightening does not. */
  async setPolicy(auth: SessionAuth, update: AdminPolicyUpdate, ctx: RequestContext): Promise<AdminPolicyResponse> {
    await this.requireAdmin(auth, ctx, 'policy.update');
    // An admin without a passkey would lock themselves out of the admin pages.
    if (update.requireAdminPasskey === true && !auth.policy.requireAdminPasskey && (await this.deps.passkeys?.count(auth.user.id)) === 0) {
      throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.adminPasskeyFirst'));
    }
    const weakened = weakenedBy(auth.policy, update);
    if (weakened.length > 0) {
      await this.requireStepUp(auth, ctx, 'admin.policy_changed', auth.user.id, { weakened: weakened.join(',') }, 'policyWeakened');
    }
    await this.deps.administration.setPolicy(auth.user.org_id, update, this.actor(auth, ctx));
    return this.queries.policy(auth.user.org_id);
  }

  async users(auth: SessionAuth, query: AdminUsersQuery, ctx: RequestContext): Promise<AdminUsersResponse> {
    await this.requireAdmin(auth, ctx, 'users.list');
    return this.queries.users(auth.user.org_id, query);
  }

  async user(auth: SessionAuth, userId: string, ctx: RequestContext): Promise<AdminUser> {
    await this.requireAdmin(auth, ctx, 'users.read');
    return this.queries.user(auth.user.org_id, userId);
  }

  async createUser(auth: SessionAuth, body: AdminCreateUserRequest, ctx: RequestContext): Promise<AdminUser> {
    await this.requireAdmin(auth, ctx, 'users.create');
    const created = await this.deps.administration.createUser(
      { orgId: auth.user.org_id, username: body.username, password: body.password, role: body.role ?? 'user', email: body.email ?? null, displayName: body.displayName },
      this.actor(auth, ctx),
    );
    return this.queries.user(auth.user.org_id, created.id);
  }

  /** Lost phone: needs the admin's own fresh step-up; ends the user's sessions and devices. */
  async resetTwoFactor(auth: SessionAuth, userId: string, ctx: RequestContext): Promise<AdminUser> {
    await this.requireAdmin(auth, ctx, 'users.reset_2fa');
    await this.queries.user(auth.user.org_id, userId);
    await this.requireStepUp(auth, ctx, 'admin.two_factor_reset', userId);
    await this.deps.administration.resetTwoFactor(userId, this.actor(auth, ctx));
    return this.queries.user(auth.user.org_id, userId);
  }

  async unlock(auth: SessionAuth, userId: string, ctx: RequestContext): Promise<AdminUser> {
    await this.requireAdmin(auth, ctx, 'users.unlock');
    await this.queries.user(auth.user.org_id, userId);
    await this.deps.administration.unlock(userId, this.actor(auth, ctx));
    return this.queries.user(auth.user.org_id, userId);
  }

  async registrations(auth: SessionAuth, userId: string, ctx: RequestContext): Promise<RegistrationInfo[]> {
    await this.requireAdmin(auth, ctx, 'users.registrations');
    const user = await this.queries.userInOrg(auth.user.org_id, userId);
    return this.deps.registrations.list(user.id, user.credential_epoch, null);
  }

  async revokeRegistration(auth: SessionAuth, userId: string, registrationId: string, ctx: RequestContext): Promise<void> {
    await this.requireAdmin(auth, ctx, 'users.revoke_registration');
    const user = await this.queries.userInOrg(auth.user.org_id, userId);
    await this.deps.registrations.revoke(user.id, registrationId, { ...ctx, orgId: auth.user.org_id, actorId: auth.user.id });
  }

  private async filters(auth: SessionAuth, query: AdminAuditQuery): Promise<AuditFilters> {
    const filters: AuditFilters = {};
    if (query.userId) filters.userId = (await this.queries.userInOrg(auth.user.org_id, query.userId)).id;
    if (query.user) filters.user = query.user;
    if (query.event) filters.event = query.event;
    if (query.from) filters.fromMs = Date.parse(query.from);
    if (query.to) filters.toMs = Date.parse(query.to);
    for (const [key, value] of [['from', filters.fromMs], ['to', filters.toMs]] as const) {
      if (value !== undefined && !Number.isFinite(value)) throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.notDateTime', { field: `querystring/${key}` }));
    }
    return filters;
  }

  async audit(auth: SessionAuth, query: AdminAuditQuery, ctx: RequestContext): Promise<AdminAuditResponse> {
    await this.requireAdmin(auth, ctx, 'audit.read');
    const paging = page(query.offset, query.limit, auditPageDefault, auditPageMax);
    const result = await this.queries.audit(auth.user.org_id, await this.filters(auth, query), paging);
    return { ...result, ...paging };
  }

  /** The filtered log as CSV (newest first, at most auditExportMax rows); the export itself is audited. */
  async exportAudit(auth: SessionAuth, query: AdminAuditQuery, ctx: RequestContext): Promise<{ csv: string; rows: number }> {
    await this.requireAdmin(auth, ctx, 'audit.export');
    const { events } = await this.queries.audit(auth.user.org_id, await this.filters(auth, query), { offset: 0, limit: auditExportMax });
    await this.deps.audit.record({ event: 'admin.audit_exported', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, actorId: auth.user.id, ip: ctx.ip, clientType: ctx.clientType, detail: { rows: events.length } });
    return { csv: auditCsv(events), rows: events.length };
  }
}
