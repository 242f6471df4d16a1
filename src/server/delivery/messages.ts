/**
 * The words of every message: code emails and texts, and security
 * notifications. Plain text and HTML for email; short text for SMS.
 */
import type { EmailMessage, SmsMessage } from './types';

export type CodePurpose = 'sign_in' | 'step_up' | 'enroll';

export interface MessageSettings {
  publicUrl: string;
  supportPhone: string;
}

const purposeText: Record<CodePurpose, string> = {
  sign_in: 'finish signing in to AXIS CloudSync',
  step_up: 'confirm a change to your AXIS CloudSync security settings',
  enroll: 'confirm this destination for AXIS CloudSync two-step authentication codes',
};

/** Short forms for text messages (one segment). */
const smsPurposeText: Record<CodePurpose, string> = {
  sign_in: 'to sign in',
  step_up: 'to confirm a security change',
  enroll: 'to confirm this phone',
};

/** One SMS segment in the GSM-7 alphabet. */
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

export const methodNames: Record<string, string> = { totp: 'an authenticator app', sms: 'text-message codes', email: 'email codes' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export class Messages {
  constructor(private readonly settings: MessageSettings) {}

  private get host(): string {
    return new URL(this.settings.publicUrl).host;
  }

  private notYou(): string {
    return `If this wasn't you, do not share this code with anyone. Change your password and contact your administrator or AXIS CloudSync support (${this.settings.supportPhone}).`;
  }

  /**
   * One SMS segment (≤ 160 GSM-7 characters, so one charge), the origin-bound last line
   * (`@host #code`, WebOTP / iOS) so phones offer the code to our site only. The longest
   * wording that fits is used; a long host shortens the advice, never drops the code.
   */
  codeSms(code: string, purpose: CodePurpose, minutes: number): SmsMessage['body'] {
    const bound = `\n\n@${this.host} #${code}`;
    const head = `AXIS CloudSync code ${code} ${smsPurposeText[purpose]}. Valid ${minutes} min.`;
    const wordings = [`${head} Never share it; we never ask for it.`, `${head} Never share it.`, head];
    return (wordings.find((text) => text.length + bound.length <= smsSegmentChars) ?? head) + bound;
  }

  codeEmail(to: string, code: string, purpose: CodePurpose, minutes: number): EmailMessage {
    const subject = purpose === 'enroll' ? 'Confirm your email for AXIS CloudSync codes' : 'Your AXIS CloudSync verification code';
    const text = [
      `Your AXIS CloudSync verification code is: ${code}`,
      '',
      `Use it to ${purposeText[purpose]}.`,
      `It expires in ${minutes} minutes and works once.`,
      '',
      this.notYou(),
      '',
      '— AXIS CloudSync',
    ].join('\n');
    const html = layout(
      subject,
      `<p>Your AXIS CloudSync verification code is:</p>
<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:Consolas,monospace" data-code="${escapeHtml(code)}">${escapeHtml(code)}</p>
<p>Use it to ${escapeHtml(purposeText[purpose])}. It expires in ${minutes} minutes and works once.</p>
<p style="color:#555">${escapeHtml(this.notYou())}</p>`,
    );
    return { to, subject, text, html };
  }

  notification(to: string, event: NotificationEvent, at: Date): EmailMessage {
    const { subject, lines } = this.describe(event);
    const when = `When: ${at.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
    const notYou = `If this wasn't you, contact your administrator or AXIS CloudSync support (${this.settings.supportPhone}) right away.`;
    const text = [...lines, '', when, '', notYou, '', `Manage your security settings: ${this.settings.publicUrl}`, '', '— AXIS CloudSync'].join('\n');
    const html = layout(
      subject,
      `${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p style="color:#555">${escapeHtml(when)}</p>
<p><strong>${escapeHtml(notYou)}</strong></p>
<p><a href="${escapeHtml(this.settings.publicUrl)}">Manage your security settings</a></p>`,
    );
    return { to, subject, text, html };
  }

  private describe(event: NotificationEvent): { subject: string; lines: string[] } {
    switch (event.kind) {
      case 'factor_added':
        return { subject: 'A sign-in method was added to your account', lines: [`Two-step authentication with ${methodNames[event.method] ?? event.method} was added to your AXIS CloudSync account.`] };
      case 'factor_removed':
        return {
          subject: event.twoFactorOff ? 'Two-step authentication was turned off' : 'A sign-in method was removed from your account',
          lines: [
            `${capitalize(methodNames[event.method] ?? event.method)} can no longer be used to sign in to your AXIS CloudSync account.`,
            ...(event.twoFactorOff ? ['Two-step authentication is now off for your account.'] : []),
          ],
        };
      case 'two_factor_reset':
        return {
          subject: 'Your two-step authentication was reset',
          lines: ['An administrator reset two-step authentication for your AXIS CloudSync account. Your methods and backup codes were removed and every device was signed out.'],
        };
      case 'backup_codes_regenerated':
        return { subject: 'New backup codes were created', lines: ['New backup codes were created for your AXIS CloudSync account. The old codes no longer work.'] };
      case 'password_changed':
        return {
          subject: 'Your password was changed',
          lines: [
            event.byAdmin ? 'An administrator set a new password for your AXIS CloudSync account.' : 'The password of your AXIS CloudSync account was changed.',
            'Other sessions and devices were signed out.',
          ],
        };
      case 'account_locked':
        return {
          subject: 'Sign-in to your account is paused',
          lines: [`Too many wrong verification codes were entered for your AXIS CloudSync account, so code entry is paused for ${event.minutes} minute${event.minutes === 1 ? '' : 's'}.`, 'Your password may be known to someone else: consider changing it.'],
        };
      case 'passkey_added':
        return { subject: 'A passkey was added to your account', lines: [`A passkey named “${event.name}” was added to your AXIS CloudSync account. It can now be used to sign in.`] };
      case 'passkey_removed':
        return { subject: 'A passkey was removed from your account', lines: [`The passkey named “${event.name}” can no longer be used to sign in to your AXIS CloudSync account.`] };
    }
  }
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>
<body style="font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#222;max-width:560px;margin:0 auto;padding:16px">
<h1 style="font-size:20px">${escapeHtml(title)}</h1>
${body}
<p style="color:#777;font-size:12px">AXIS CloudSync Two-Step Authentication. This message was sent automatically; replies are not read.</p>
</body></html>`;
}
