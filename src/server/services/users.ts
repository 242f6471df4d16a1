/** Reading users with their organization; the shape every service works with. */
import type { Db } from '../db/database';
import { prepared } from '../db/prepared';
import type { UsersTable } from '../db/schema';
import type { UserSummary } from '../../shared/schemas';
import { policyFromRow, type OrgPolicy } from './policy';

export interface UserRecord extends UsersTable {
  org_name: string;
}

export function normalizeUsername(username: string): string {
  return username.trim().toLowerCase();
}

export class UserDirectory {
  constructor(private readonly db: Db) {}

  private base() {
    return this.db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id').selectAll('users').select('orgs.name as org_name');
  }

  /** Compiled once (db/prepared.ts): the password and device sign-ins run them. */
  private readonly statements = {
    byId: prepared(['id'], (db, $) => db.selectFrom('users').innerJoin('orgs', 'orgs.id', 'users.org_id').selectAll('users').select('orgs.name as org_name').where('users.id', '=', $('id'))),
    byUsernameWithPolicy: prepared(['username'], (db, $) =>
      db
        .selectFrom('users')
        .innerJoin('orgs', 'orgs.id', 'users.org_id')
        .selectAll('users')
        .select(['orgs.name as org_name', 'orgs.require_2fa', 'orgs.allowed_methods', 'orgs.session_max_age_s', 'orgs.session_idle_s', 'orgs.allow_email_to_addin_mailbox', 'orgs.passkeys_allowed', 'orgs.require_admin_passkey'])
        .where('users.username', '=', $('username')),
    ),
  };

  byId(id: string): Promise<UserRecord | undefined> {
    return this.statements.byId.first(this.db, { id });
  }

  byUsername(username: string): Promise<UserRecord | undefined> {
    return this.base().where('users.username', '=', normalizeUsername(username)).executeTakeFirst();
  }

  /** The user and their org's policy in one read (the password step needs both). */
  async byUsernameWithPolicy(username: string): Promise<{ user: UserRecord; policy: OrgPolicy } | undefined> {
    const row = await this.statements.byUsernameWithPolicy.first(this.db, { username: normalizeUsername(username) });
    if (!row) return undefined;
    const { require_2fa, allowed_methods, session_max_age_s, session_idle_s, allow_email_to_addin_mailbox, passkeys_allowed, require_admin_passkey, ...user } = row;
    return { user, policy: policyFromRow({ require_2fa, allowed_methods, session_max_age_s, session_idle_s, allow_email_to_addin_mailbox, passkeys_allowed, require_admin_passkey }) };
  }

  /** Bumps the credential epoch: older tokens and registrations answer credentials_changed. */
  async bumpEpoch(userId: string): Promise<number> {
    const row = await this.db
      .updateTable('users')
      .set((eb) => ({ credential_epoch: eb('credential_epoch', '+', 1) }))
      .where('id', '=', userId)
      .returning('credential_epoch')
      .executeTakeFirstOrThrow();
    return row.credential_epoch;
  }
}

export function userSummary(user: UserRecord): UserSummary {
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    email: user.email,
    role: user.role,
    orgId: user.org_id,
    orgName: user.org_name,
  };
}
