/**
 * The language of a user's emails and text messages: the language they chose
 * under Account Settings, else their organization's default, else English;
 * and the time zone their dates are written in (their saved zone, else UTC).
 */
import type { Db } from '../db/database';
import { defaultLocale, isShippedLocale } from '../../shared/i18n/locales';
import { englishUtc, type MessageLanguage } from './messages';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function messageLanguage(saved: string | null | undefined, orgDefault: string | null | undefined, timeZone: string | null | undefined): MessageLanguage {
  const locale = isShippedLocale(saved) ? saved : isShippedLocale(orgDefault) ? orgDefault : defaultLocale;
  return { locale, timeZone: timeZone && isTimeZone(timeZone) ? timeZone : null };
}

/** One read per message; an unknown user (deleted meanwhile) gets English and UTC. */
export async function recipientLanguage(db: Db, userId: string): Promise<MessageLanguage> {
  const row = await db
    .selectFrom('users')
    .innerJoin('orgs', 'orgs.id', 'users.org_id')
    .select(['users.locale', 'users.time_zone', 'orgs.default_locale'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  return row ? messageLanguage(row.locale, row.default_locale, row.time_zone) : englishUtc;
}
