/**
 * Words the admin pages share, in the active language: roles, methods, client
 * kinds, audit event names and outcomes, counts and dates. State keeps codes
 * or message descriptors; these turn them into text at render.
 */
import { formatDateTime } from '../../../shared/i18n/format';
import type { MessageDescriptor, MessageId } from '../../../shared/i18n/message-ids';
import { currentLocale, t, tm } from '../../../shared/i18n/runtime';
import { pseudoLocale } from '../../../shared/i18n/locales';
import type { UserMessage } from '../../../ui/errors';

/** A confirmation kept as message descriptors, so a language change shows at once. */
export interface AdminNotice {
  intent: 'success';
  title: MessageDescriptor;
  body: MessageDescriptor;
}

export const noticeText = (notice: AdminNotice): UserMessage => ({ title: tm(notice.title), body: tm(notice.body) });

/** A number as the active language writes it ("1,234", "1.234", "١٬٢٣٤"). */
export function formatCount(value: number): string {
  const locale = currentLocale();
  return new Intl.NumberFormat(locale === pseudoLocale ? 'en' : locale).format(value);
}

/** "Authenticator app, Email" with the active language's separators. */
export function formatList(items: string[]): string {
  const locale = currentLocale();
  return new Intl.ListFormat(locale === pseudoLocale ? 'en' : locale, { style: 'short', type: 'unit' }).format(items);
}

/** "Showing 1–25 of 130", numbers formatted. */
export const showing = (from: number, to: number, total: number) => t('admin.paging.showing', { from: formatCount(from), to: formatCount(to), total: formatCount(total) });

/** A timestamp in the active language and the viewer's time zone, or a dash. */
export const when = (iso: string | null | undefined): string => (iso ? formatDateTime(iso) : '—');

const roles: Record<string, MessageId> = { user: 'admin.role.user', admin: 'admin.role.admin' };
export const roleLabel = (role: string): string => t(roles[role] ?? 'admin.role.user');

const methods: Record<string, MessageId> = { totp: 'admin.method.totp', sms: 'admin.method.sms', email: 'admin.method.email', passkey: 'admin.method.passkey' };
/** A method's name; an unknown kind (from a newer server) shows as sent. */
export const methodLabel = (kind: string): string => (methods[kind] ? t(methods[kind]) : kind);

const clients: Record<string, MessageId> = {
  'outlook-addin': 'admin.client.outlookAddin',
  web: 'admin.client.web',
  desktop: 'admin.client.desktop',
  mobile: 'admin.client.mobile',
};
export const clientLabel = (client: string | null | undefined): string => (client ? (clients[client] ? t(clients[client]) : client) : '—');

const outcomes: Record<string, MessageId> = { success: 'admin.audit.outcome.success', failure: 'admin.audit.outcome.failure', info: 'admin.audit.outcome.info' };
export const outcomeLabel = (outcome: string): string => (outcomes[outcome] ? t(outcomes[outcome]) : outcome);

/**
 * Every kind of event the server writes to the audit log (src/server/services:
 * `audit.record({ event: … })`, and `${purpose}.password|second_factor` for
 * step_up and password_change), with its human name.
 */
export const auditEventIds: Record<string, MessageId> = {
  'account.locked': 'admin.audit.event.account.locked',
  'account.preferences_changed': 'admin.audit.event.account.preferences_changed',
  'admin.audit_exported': 'admin.audit.event.admin.audit_exported',
  'admin.denied': 'admin.audit.event.admin.denied',
  'admin.org_created': 'admin.audit.event.admin.org_created',
  'admin.password_set': 'admin.audit.event.admin.password_set',
  'admin.policy_changed': 'admin.audit.event.admin.policy_changed',
  'admin.two_factor_reset': 'admin.audit.event.admin.two_factor_reset',
  'admin.unlocked': 'admin.audit.event.admin.unlocked',
  'admin.user_create_refused': 'admin.audit.event.admin.user_create_refused',
  'admin.user_created': 'admin.audit.event.admin.user_created',
  'approval.approved': 'admin.audit.event.approval.approved',
  'approval.denied': 'admin.audit.event.approval.denied',
  'approval.ended': 'admin.audit.event.approval.ended',
  'approval.expired': 'admin.audit.event.approval.expired',
  'approval.passkey': 'admin.audit.event.approval.passkey',
  'approval.requested': 'admin.audit.event.approval.requested',
  'backup_code.used': 'admin.audit.event.backup_code.used',
  'backup_codes.generated': 'admin.audit.event.backup_codes.generated',
  'backup_codes.regenerated': 'admin.audit.event.backup_codes.regenerated',
  'code.delivery_failed': 'admin.audit.event.code.delivery_failed',
  'code.not_sent': 'admin.audit.event.code.not_sent',
  'code.quota_reached': 'admin.audit.event.code.quota_reached',
  'code.refused': 'admin.audit.event.code.refused',
  'code.sent': 'admin.audit.event.code.sent',
  'enrollment.confirmed': 'admin.audit.event.enrollment.confirmed',
  'enrollment.failure': 'admin.audit.event.enrollment.failure',
  'enrollment.started': 'admin.audit.event.enrollment.started',
  'factor.removed': 'admin.audit.event.factor.removed',
  'notification.failed': 'admin.audit.event.notification.failed',
  'notification.sent': 'admin.audit.event.notification.sent',
  'passkey.added': 'admin.audit.event.passkey.added',
  'passkey.counter_regression': 'admin.audit.event.passkey.counter_regression',
  'passkey.removed': 'admin.audit.event.passkey.removed',
  'passkey.sign_in': 'admin.audit.event.passkey.sign_in',
  'password.changed': 'admin.audit.event.password.changed',
  'password_change.password': 'admin.audit.event.password_change.password',
  'password_change.second_factor': 'admin.audit.event.password_change.second_factor',
  'registration.created': 'admin.audit.event.registration.created',
  'registration.revoked': 'admin.audit.event.registration.revoked',
  'second_factor.failure': 'admin.audit.event.second_factor.failure',
  'second_factor.success': 'admin.audit.event.second_factor.success',
  'second_factor.throttled': 'admin.audit.event.second_factor.throttled',
  'secret_key.rotated': 'admin.audit.event.secret_key.rotated',
  'session.created': 'admin.audit.event.session.created',
  'session.revoked': 'admin.audit.event.session.revoked',
  'session.revoked_others': 'admin.audit.event.session.revoked_others',
  'session.signed_out': 'admin.audit.event.session.signed_out',
  'sign_in.device': 'admin.audit.event.sign_in.device',
  'sign_in.passkey': 'admin.audit.event.sign_in.passkey',
  'sign_in.passkey_second_step': 'admin.audit.event.sign_in.passkey_second_step',
  'sign_in.password': 'admin.audit.event.sign_in.password',
  'sign_in.rate_limited': 'admin.audit.event.sign_in.rate_limited',
  'step_up.passkey': 'admin.audit.event.step_up.passkey',
  'step_up.password': 'admin.audit.event.step_up.password',
  'step_up.second_factor': 'admin.audit.event.step_up.second_factor',
  'step_up.success': 'admin.audit.event.step_up.success',
  'two_factor.off': 'admin.audit.event.two_factor.off',
};

/** An audit event's human name; a kind this page does not know yet reads "Other event" (its key shows beside it). */
export const auditEventLabel = (event: string): string => t(auditEventIds[event] ?? 'admin.audit.event.other');
