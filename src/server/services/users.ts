/** Reading users with their organization; the shape every service works with. */
import type { Db } from '../db/database';
import type { UsersTable } from '../db/schema';
import type { UserSummary } from '../../shared/schemas';

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

  byId(id: string): Promise<UserRecord | undefined> {
    return this.base().where('users.id', '=', id).executeTakeFirst();
  }

  byUsername(username: string): Promise<UserRecord | undefined> {
    return this.base().where('users.username', '=', normalizeUsername(username)).executeTakeFirst();
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
