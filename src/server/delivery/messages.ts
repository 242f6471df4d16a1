/**
 * The words of every message: code emails and texts, and security
 * notifications. Plain text and HTML for email; short text for SMS. Every
 * sentence comes from the catalogs' `server` section, in the recipient's
 * language (see language.ts for how it is chosen).
 */
import type { EmailMessage, SmsMessage } from './types';
import { translator, type Translate } from '../i18n/translator';
import { formatDateTime } from '../../shared/i18n/format';
import { defaultLocale, isRightToLeft, type Locale } from '../../shared/i18n/locales';
import { fitsOneSegment } from './sms-encoding';

export type CodePurpose = 'sign_in' | 'step_up' | 'enroll';

export interface MessageSettings {
  publicUrl: string;
  supportPhone: string;
}

/** The recipient's language and IANA time zone (null: dates say UTC). */
export interface MessageLanguage {
  locale: Locale;
  timeZone: string | null;
}

export const englishUtc: MessageLanguage = { locale: defaultLocale, timeZone: null };

/** One SMS segment in the GSM-7 alphabet (70 characters when the text needs UCS-2). */
export const smsSegmentChars = 160;

export type NotificationEvent =
  | { kind: 'factor_added'; method: string }
  | { kind: 'factor_removed'; method: string; twoFactorOff: boolean }
  | { kind: 'two_factor_reset' }
  | { kind: 'backup_codes_regenerated' }
  | { kind: 'password_changed'; byAdmin: boolean }
  | { kind: 'account_locked'; minutes: number }
  | { kind: 'passkey_added'; name: string }
  | { kind: 'passkey_removed'; name: string };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const smsWordings = ['server.sms.code.long', 'server.sms.code.medium', 'server.sms.code.short', 'server.sms.code.shortest'] as const;

export class Messages {
  constructor(private readonly settings: MessageSettings) {}

  private get host(): string {
    return new URL(this.settings.publicUrl).host;
  }

  /**
   * One SMS segment (≤ 160 GSM-7 characters, or 70 when the language needs UCS-2, so one charge), with the
   * origin-bound last line (`@host #code`, WebOTP / iOS) so phones offer the code to our site only. The longest
   * wording that fits is used; a long host shortens the advice, never drops the code. When no wording of the
   * language fits one segment with that host (Japanese or Arabic with a very long host), English is tried, and
   * only then is the shortest wording of the language sent over two segments.
   */
  codeSms(code: string, purpose: CodePurpose, minutes: number, lang: MessageLanguage = englishUtc): SmsMessage['body'] {
    const bound = `\n\n@${this.host} #${code}`;
    const values = { code, purpose, minutes };
    const candidates = (t: Translate) => smsWordings.map((id) => t(id, values) + bound);
    const own = candidates(translator(lang.locale));
    const fallback = lang.locale === defaultLocale ? [] : candidates(translator(defaultLocale));
    return [...own, ...fallback].find(fitsOneSegment) ?? own.at(-1)!;
  }

  codeEmail(to: string, code: string, purpose: CodePurpose, minutes: number, lang: MessageLanguage = englishUtc): EmailMessage {
    const t = translator(lang.locale);
    const subject = t(purpose === 'enroll' ? 'server.email.code.enrollSubject' : 'server.email.code.subject');
    const intro = t('server.email.code.intro');
    const use = t('server.email.code.purpose', { purpose });
    const expiry = t('server.email.code.expiry', { minutes });
    const notYou = t('server.email.code.notYou', { phone: this.settings.supportPhone });
    const text = [`${intro} ${code}`, '', use, expiry, '', notYou, '', `— ${t('common.product')}`].join('\n');
    const html = layout(
      t,
      lang.locale,
      subject,
      `<p>${escapeHtml(intro)}</p>
<p dir="ltr" style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:Consolas,monospace" data-code="${escapeHtml(code)}">${escapeHtml(code)}</p>
<p>${escapeHtml(use)} ${escapeHtml(expiry)}</p>
<p style="color:#555">${escapeHtml(notYou)}</p>`,
    );
    return { to, subject, text, html };
  }

  notification(to: string, event: NotificationEvent, at: Date, lang: MessageLanguage = englishUtc): EmailMessage {
    const t = translator(lang.locale);
    const { subject, lines } = describe(t, event);
    const when = lang.timeZone
      ? t('server.notify.when', { time: formatDateTime(at, { locale: lang.locale, timeZone: lang.timeZone }), zone: lang.timeZone })
      : t('server.notify.whenUtc', { time: formatDateTime(at, { locale: lang.locale, timeZone: 'UTC' }) });
    const notYou = t('server.notify.notYou', { phone: this.settings.supportPhone });
    const manage = t('server.notify.manageText', { url: this.settings.publicUrl });
    const text = [...lines, '', when, '', notYou, '', manage, '', `— ${t('common.product')}`].join('\n');
    const html = layout(
      t,
      lang.locale,
      subject,
      `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p style="color:#555">${escapeHtml(when)}</p>
<p><strong>${escapeHtml(notYou)}</strong></p>
<p><a href="${escapeHtml(this.settings.publicUrl)}">${escapeHtml(t('server.notify.manageLink'))}</a></p>`,
    );
    return { to, subject, text, html };
  }
}

function describe(t: Translate, event: NotificationEvent): { subject: string; lines: string[] } {
  switch (event.kind) {
    case 'factor_added':
      return { subject: t('server.notify.factorAdded.subject'), lines: [t('server.notify.factorAdded.body', { method: event.method })] };
    case 'factor_removed':
      return {
        subject: t(event.twoFactorOff ? 'server.notify.twoFactorOff.subject' : 'server.notify.factorRemoved.subject'),
        lines: [t('server.notify.factorRemoved.body', { method: event.method }), ...(event.twoFactorOff ? [t('server.notify.twoFactorOff.body')] : [])],
      };
    case 'two_factor_reset':
      return { subject: t('server.notify.reset.subject'), lines: [t('server.notify.reset.body')] };
    case 'backup_codes_regenerated':
      return { subject: t('server.notify.backupCodes.subject'), lines: [t('server.notify.backupCodes.body')] };
    case 'password_changed':
      return {
        subject: t('server.notify.password.subject'),
        lines: [t(event.byAdmin ? 'server.notify.password.byAdmin' : 'server.notify.password.byUser'), t('server.notify.password.signedOut')],
      };
    case 'account_locked':
      return { subject: t('server.notify.locked.subject'), lines: [t('server.notify.locked.body', { minutes: event.minutes }), t('server.notify.locked.advice')] };
    case 'passkey_added':
      return { subject: t('server.notify.passkeyAdded.subject'), lines: [t('server.notify.passkeyAdded.body', { name: event.name })] };
    case 'passkey_removed':
      return { subject: t('server.notify.passkeyRemoved.subject'), lines: [t('server.notify.passkeyRemoved.body', { name: event.name })] };
  }
}

function layout(t: Translate, locale: Locale, title: string, body: string): string {
  const dir = isRightToLeft(locale) ? 'rtl' : 'ltr';
  return `<!doctype html>
<html lang="${escapeHtml(locale)}" dir="${dir}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:16px">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>
${body}
<p style="color:#777;font-size:12px">${escapeHtml(t('server.email.footer'))}</p>
</body></html>`;
}
