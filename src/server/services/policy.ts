/** Org policy: read fresh on every sign-in and session check (no cache to go stale across instances). */
import type { Db } from '../db/database';
import type { OrgsTable } from '../db/schema';
import type { ClientType, FactorKind, PolicyInfo } from '../../shared/schemas';
import { msg, notFound, ServiceError } from './errors';
import type { MessageDescriptor } from '../../shared/i18n/message-ids';
import { ErrorCode } from '../../shared/errors';
import { isShippedLocale, locales, type ShippedLocale } from '../../shared/i18n/locales';

export interface OrgPolicy {
  require2fa: boolean;
  allowedMethods: FactorKind[];
  sessionMaxAgeSeconds: number;
  sessionIdleSeconds: number;
  allowEmailToAddinMailbox: boolean;
  /** Users may add and use passkeys (on by default). */
  passkeysAllowed: boolean;
  /** Admin actions need a step-up made with a passkey. */
  requireAdminPasskey: boolean;
  /**
   * The language of emails and texts for users who chose none (0009). Absent when the policy came from a joined
   * read of the sign-in and session paths (they do not select it): messages read it where they are sent
   * (delivery/language.ts); the admin API and updates read the whole org row.
   */
  defaultLocale?: ShippedLocale;
}

/** NIST SP 800-63B AAL2: re-authenticate at least every 12 hours and after 60 minutes idle. */
export const defaultPolicy: OrgPolicy = {
  require2fa: false,
  allowedMethods: ['totp', 'sms', 'email'],
  sessionMaxAgeSeconds: 12 * 3600,
  sessionIdleSeconds: 60 * 60,
  allowEmailToAddinMailbox: false,
  passkeysAllowed: true,
  requireAdminPasskey: false,
  defaultLocale: 'en',
};

const allKinds: readonly FactorKind[] = ['totp', 'sms', 'email'];

/**
 * The policy a user proves who they are under before re-enrolling (they had 2FA and the org turned off every
 * method they hold): any method they have counts, even one now off for sign-in. Everything else is the org's.
 */
export function provingPolicy(policy: OrgPolicy): OrgPolicy {
  return { ...policy, allowedMethods: [...allKinds] };
}

/** The org columns a policy is made of (a joined read selects just these). */
export type PolicyColumns = Pick<OrgsTable, 'require_2fa' | 'allowed_methods' | 'session_max_age_s' | 'session_idle_s' | 'allow_email_to_addin_mailbox'> &
  Partial<Pick<OrgsTable, 'passkeys_allowed' | 'require_admin_passkey' | 'default_locale'>>;

export function policyFromRow(row: PolicyColumns): OrgPolicy {
  const parsed: unknown = JSON.parse(row.allowed_methods);
  const allowed = Array.isArray(parsed) ? parsed.filter((k): k is FactorKind => allKinds.includes(k)) : ['totp' as const];
  return {
    require2fa: row.require_2fa === 1,
    allowedMethods: allowed,
    sessionMaxAgeSeconds: row.session_max_age_s,
    sessionIdleSeconds: row.session_idle_s,
    allowEmailToAddinMailbox: row.allow_email_to_addin_mailbox === 1,
    passkeysAllowed: row.passkeys_allowed !== 0,
    requireAdminPasskey: row.require_admin_passkey === 1,
    ...(row.default_locale === undefined ? {} : { defaultLocale: isShippedLocale(row.default_locale) ? row.default_locale : 'en' }),
  };
}

export function policyToColumns(policy: OrgPolicy) {
  return {
    require_2fa: policy.require2fa ? 1 : 0,
    allowed_methods: JSON.stringify(policy.allowedMethods),
    session_max_age_s: policy.sessionMaxAgeSeconds,
    session_idle_s: policy.sessionIdleSeconds,
    allow_email_to_addin_mailbox: policy.allowEmailToAddinMailbox ? 1 : 0,
    passkeys_allowed: policy.passkeysAllowed ? 1 : 0,
    require_admin_passkey: policy.requireAdminPasskey ? 1 : 0,
    ...(policy.defaultLocale === undefined ? {} : { default_locale: policy.defaultLocale }),
  };
}

/** Limits an admin may choose: an hour idle at most is AAL2's ceiling we keep; 30 days absolute for AAL1-like orgs. */
export function validatePolicy(policy: OrgPolicy): void {
  const fail = (detail: MessageDescriptor) => new ServiceError(ErrorCode.invalidRequest, 400, detail);
  if (policy.allowedMethods.length === 0 || !policy.allowedMethods.includes('totp')) {
    throw fail(msg('server.error.policy.totpRequired'));
  }
  if (policy.sessionMaxAgeSeconds < 300 || policy.sessionMaxAgeSeconds > 30 * 86400) {
    throw fail(msg('server.error.policy.maxAge'));
  }
  if (policy.sessionIdleSeconds < 60 || policy.sessionIdleSeconds > policy.sessionMaxAgeSeconds) {
    throw fail(msg('server.error.policy.idle'));
  }
  if (policy.requireAdminPasskey && !policy.passkeysAllowed) {
    throw fail(msg('server.error.policy.passkeysForAdmins'));
  }
  if (policy.defaultLocale !== undefined && !isShippedLocale(policy.defaultLocale)) {
    throw fail(msg('server.error.policy.defaultLocale', { languages: locales.join(', ') }));
  }
}

/**
 * Which parts of a change lower the org's protection (and so, from the portal, need the admin's fresh
 * step-up, as a 2FA reset does): 2FA no longer required, a code channel allowed again, longer sessions,
 * email codes to the add-in's own mailbox. Tightening needs none: it must never be slowed down.
 */
export function weakenedBy(current: OrgPolicy, change: Partial<OrgPolicy>): string[] {
  const weakened: string[] = [];
  if (current.require2fa && change.require2fa === false) weakened.push('require2fa');
  if (change.allowedMethods?.some((kind) => !current.allowedMethods.includes(kind))) weakened.push('allowedMethods');
  if (change.sessionMaxAgeSeconds !== undefined && change.sessionMaxAgeSeconds > current.sessionMaxAgeSeconds) weakened.push('sessionMaxAgeSeconds');
  if (change.sessionIdleSeconds !== undefined && change.sessionIdleSeconds > current.sessionIdleSeconds) weakened.push('sessionIdleSeconds');
  if (!current.allowEmailToAddinMailbox && change.allowEmailToAddinMailbox === true) weakened.push('allowEmailToAddinMailbox');
  if (current.requireAdminPasskey && change.requireAdminPasskey === false) weakened.push('requireAdminPasskey');
  return weakened;
}

export class PolicyService {
  constructor(private readonly db: Db) {}

  async forOrg(orgId: string): Promise<OrgPolicy> {
    const row = await this.db.selectFrom('orgs').selectAll().where('id', '=', orgId).executeTakeFirst();
    if (!row) throw notFound('organization');
    return policyFromRow(row);
  }

  async update(orgId: string, changes: Partial<OrgPolicy>): Promise<OrgPolicy> {
    const next = { ...(await this.forOrg(orgId)), ...changes };
    validatePolicy(next);
    await this.db.updateTable('orgs').set(policyToColumns(next)).where('id', '=', orgId).execute();
    return next;
  }
}

/** What a client sees of its policy; mobile apps need a PIN whenever 2FA is org policy (help page rule). */
export function policyInfo(policy: OrgPolicy, clientType?: ClientType | null): PolicyInfo {
  return {
    require2fa: policy.require2fa,
    allowedMethods: policy.allowedMethods,
    sessionMaxAgeSeconds: policy.sessionMaxAgeSeconds,
    sessionIdleSeconds: policy.sessionIdleSeconds,
    appPinRequired: clientType === 'mobile' && policy.require2fa,
    allowEmailToAddinMailbox: policy.allowEmailToAddinMailbox,
  };
}
