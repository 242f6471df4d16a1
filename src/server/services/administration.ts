/**
 * What operators (admin CLI) and org admins (portal, later) do to accounts:
 * organizations, users, passwords, policy, 2FA reset, unlock. When an org id
 * scopes a call, a user of another org is "not found".
 */
import { sql } from 'kysely';
import { ErrorCode } from '../../shared/errors';
import type { Role } from '../../shared/schemas';
import { hashPassword, passwordRefusal } from '../crypto/password';
import { newId } from '../crypto/tokens';
import type { Db } from '../db/database';
import type { AuditLog, RequestContext } from './audit';
import type { Clock } from './clock';
import { msg, notFound, ServiceError } from './errors';
import type { FactorService } from './factors';
import { defaultPolicy, policyToColumns, validatePolicy, type OrgPolicy, type PolicyService } from './policy';
import type { RegistrationService } from './registrations';
import type { SecondFactorThrottle } from './throttle';
import type { TokenService } from './tokens';
import { normalizeUsername, type UserDirectory, type UserRecord } from './users';

/** Who acts: an admin user, or the operator at the command line (actorId null). */
export interface Actor extends RequestContext {
  actorId: string | null;
  /** When set, the actor may touch only this organization. */
  orgId?: string;
}

export interface NewUser {
  orgId: string;
  username: string;
  password: string;
  role?: Role;
  email?: string | null;
  displayName?: string;
}

export interface ResetEvents {
  onTwoFactorReset?(user: UserRecord): Promise<void> | void;
  /** An operator or admin set a new password. */
  onPasswordSet?(user: UserRecord): Promise<void> | void;
}

export class AdministrationService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly users: UserDirectory,
    private readonly policies: PolicyService,
    private readonly factors: FactorService,
    private readonly tokens: TokenService,
    private readonly registrations: RegistrationService,
    private readonly throttle: SecondFactorThrottle,
    private readonly audit: AuditLog,
    readonly events: ResetEvents = {},
  ) {}

  async createOrg(name: string, policy: Partial<OrgPolicy> = {}, actor: Actor): Promise<{ id: string; name: string }> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 120) throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.orgName'));
    const full = { ...defaultPolicy, ...policy };
    validatePolicy(full);
    // Names are unique (case-insensitively; 0007_deployment's index), so `--org NAME` names one organization.
    const taken = await this.db.selectFrom('orgs').select('id').where(sql`lower(name)`, '=', trimmed.toLowerCase()).executeTakeFirst();
    if (taken) throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.orgNameTaken', { name: trimmed }));
    const id = newId();
    await this.db.insertInto('orgs').values({ id, name: trimmed, created_at: this.clock.now(), ...policyToColumns(full) }).execute();
    await this.audit.record({ event: 'admin.org_created', outcome: 'success', orgId: id, actorId: actor.actorId, ip: actor.ip, detail: { name: trimmed } });
    return { id, name: trimmed };
  }

  async findOrg(idOrName: string): Promise<{ id: string; name: string } | undefined> {
    return this.db
      .selectFrom('orgs')
      .select(['id', 'name'])
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
  }

  async createUser(input: NewUser, actor: Actor): Promise<UserRecord> {
    this.assertOrg(input.orgId, actor);
    const username = normalizeUsername(input.username);
    if (!/^[a-z0-9._@+-]{1,254}$/.test(username)) {
      throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.usernameFormat'));
    }
    const problem = await passwordRefusal(input.password, username);
    if (problem) throw new ServiceError(ErrorCode.weakPassword, 400, problem);
    const existing = await this.users.byUsername(username);
    if (existing) {
      // Usernames are global (sign-in takes no organization): one org's admin must not learn another org's
      // user names from this answer. Their own org's users they can list anyway.
      if (actor.orgId === undefined) throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.usernameTaken', { username }));
      if (existing.org_id === input.orgId) throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.usernameInOrg', { username }));
      await this.audit.record({ event: 'admin.user_create_refused', outcome: 'failure', orgId: input.orgId, actorId: actor.actorId, ip: actor.ip, clientType: null, detail: { reason: 'username_unavailable' } });
      throw new ServiceError(ErrorCode.conflict, 409, msg('server.error.usernameUnavailable'));
    }
    const id = newId();
    await this.db
      .insertInto('users')
      .values({
        id,
        org_id: input.orgId,
        username,
        email: input.email ?? (username.includes('@') ? username : null),
        display_name: input.displayName?.trim() || username,
        role: input.role ?? 'user',
        password_hash: await hashPassword(input.password),
        credential_epoch: 1,
        failed_2fa: 0,
        next_2fa_at: 0,
        lock_until: 0,
        lock_level: 0,
        last_sign_in_at: null,
        created_at: this.clock.now(),
      })
      .execute();
    await this.audit.record({ event: 'admin.user_created', outcome: 'success', orgId: input.orgId, userId: id, actorId: actor.actorId, ip: actor.ip, detail: { role: input.role ?? 'user' } });
    return (await this.users.byId(id))!;
  }

  /** The user, if the actor may act on them. */
  async user(idOrUsername: string, actor: Actor): Promise<UserRecord> {
    const user = (await this.users.byId(idOrUsername)) ?? (await this.users.byUsername(idOrUsername));
    if (!user || (actor.orgId && user.org_id !== actor.orgId)) throw notFound('user');
    return user;
  }

  /** An operator's or admin's password reset: every session and device must sign in again. */
  async setPassword(idOrUsername: string, password: string, actor: Actor): Promise<void> {
    const user = await this.user(idOrUsername, actor);
    const problem = await passwordRefusal(password, user.username);
    if (problem) throw new ServiceError(ErrorCode.weakPassword, 400, problem);
    // The operator chose this password: a generated first password's change mark goes with it.
    await this.db.updateTable('users').set({ password_hash: await hashPassword(password), password_change_required: 0 }).where('id', '=', user.id).execute();
    await this.users.bumpEpoch(user.id);
    await this.tokens.revokeAll(user.id);
    await this.audit.record({ event: 'admin.password_set', outcome: 'success', orgId: user.org_id, userId: user.id, actorId: actor.actorId, ip: actor.ip });
    await this.events.onPasswordSet?.(user);
  }

  async setPolicy(orgId: string, changes: Partial<OrgPolicy>, actor: Actor): Promise<OrgPolicy> {
    this.assertOrg(orgId, actor);
    const policy = await this.policies.update(orgId, changes);
    await this.audit.record({ event: 'admin.policy_changed', outcome: 'success', orgId, actorId: actor.actorId, ip: actor.ip, detail: { ...policy, allowedMethods: policy.allowedMethods.join(',') } });
    return policy;
  }

  /** Lost phone: factors and backup codes go, every session and registration ends, the lock clears. */
  async resetTwoFactor(idOrUsername: string, actor: Actor): Promise<UserRecord> {
    const user = await this.user(idOrUsername, actor);
    await this.factors.removeAll(user.id);
    // A lost passkey is a lost factor too: the reset removes every passkey.
    await this.db.deleteFrom('passkeys').where('user_id', '=', user.id).execute();
    await this.users.bumpEpoch(user.id);
    await this.tokens.revokeAll(user.id);
    await this.registrations.revokeAll(user.id);
    await this.throttle.clear(user.id);
    await this.audit.record({ event: 'admin.two_factor_reset', outcome: 'success', orgId: user.org_id, userId: user.id, actorId: actor.actorId, ip: actor.ip });
    await this.events.onTwoFactorReset?.(user);
    return user;
  }

  async unlock(idOrUsername: string, actor: Actor): Promise<UserRecord> {
    const user = await this.user(idOrUsername, actor);
    await this.throttle.clear(user.id);
    await this.audit.record({ event: 'admin.unlocked', outcome: 'success', orgId: user.org_id, userId: user.id, actorId: actor.actorId, ip: actor.ip });
    return user;
  }

  private assertOrg(orgId: string, actor: Actor): void {
    if (actor.orgId && actor.orgId !== orgId) throw notFound('organization');
  }
}
