/**
 * The user's own preferences: the language of the portal, emails and texts
 * (null follows the browser, and the org's default for messages), and the time
 * zone dates in emails are written in.
 */
import type { Db } from '../db/database';
import type { PreferencesRequest, PreferencesResponse } from '../../shared/preference-schemas';
import { ErrorCode } from '../../shared/errors';
import { isShippedLocale } from '../../shared/i18n/locales';
import { isTimeZone } from '../delivery/language';
import type { AuditLog, RequestContext } from './audit';
import { msg, ServiceError } from './errors';
import type { SessionAuth } from './tokens';

export class PreferenceService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  async get(userId: string): Promise<PreferencesResponse> {
    const row = await this.db.selectFrom('users').select(['locale', 'time_zone']).where('id', '=', userId).executeTakeFirst();
    return { locale: isShippedLocale(row?.locale) ? row.locale : null, timeZone: row?.time_zone ?? null };
  }

  async set(auth: SessionAuth, body: PreferencesRequest, ctx: RequestContext): Promise<PreferencesResponse> {
    if (body.timeZone !== undefined && !isTimeZone(body.timeZone)) {
      throw new ServiceError(ErrorCode.invalidRequest, 400, msg('server.error.preferences.timeZone'));
    }
    const timeZone = body.timeZone === undefined ? {} : { time_zone: canonicalZone(body.timeZone) };
    await this.db.updateTable('users').set({ locale: body.locale, ...timeZone }).where('id', '=', auth.user.id).execute();
    const saved = await this.get(auth.user.id);
    await this.audit.record({
      event: 'account.preferences_changed',
      outcome: 'success',
      orgId: auth.user.org_id,
      userId: auth.user.id,
      ip: ctx.ip,
      clientType: ctx.clientType,
      detail: { locale: saved.locale ?? 'browser', timeZone: saved.timeZone ?? 'UTC' },
    });
    return saved;
  }
}

/** The zone as Intl spells it ("europe/berlin" → "Europe/Berlin"). */
function canonicalZone(zone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}
