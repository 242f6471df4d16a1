/**
 * A password the user did not choose (the first administrator's, generated
 * into a 0600 file) is marked for change at first sign-in. While it is marked,
 * account and admin actions are refused with `password_change_required`
 * (http/password-change-gate.ts); the change itself clears the mark.
 */
import { ErrorCode } from '../../shared/errors';
import type { Db } from '../db/database';
import { msg, ServiceError } from './errors';

export const passwordChangeRequired = () =>
  new ServiceError(ErrorCode.passwordChangeRequired, 403, msg('server.error.passwordChangeRequired'));

export class RequiredPasswordChange {
  constructor(private readonly db: Db) {}

  async mark(userId: string): Promise<void> {
    await this.db.updateTable('users').set({ password_change_required: 1 }).where('id', '=', userId).execute();
  }

  async isRequired(userId: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('password_change_required').where('id', '=', userId).executeTakeFirst();
    return Number(row?.password_change_required ?? 0) === 1;
  }

  async clear(userId: string): Promise<void> {
    await this.db.updateTable('users').set({ password_change_required: 0 }).where('id', '=', userId).execute();
  }
}
