/**
 * Human text for API error codes: what happened and what to do. Shared by
 * the task pane and the portal so both say the same thing, in the active
 * language (catalog section `common`).
 */
import { formatWait } from '../shared/i18n/format';
import type { MessageId } from '../shared/i18n/message-ids';
import { t } from '../shared/i18n/runtime';

export { formatWait };

export interface ErrorLike {
  code: string;
  /** The server's detail, already in the user's language (the API client sends Accept-Language). */
  message?: string;
  retryAfter?: number;
  /** invalid_code with retryAfter: 'short' = the growing delay between tries, 'lock' = the account lock. */
  pause?: 'short' | 'lock';
  /** invalid_code with no pause active: how many more wrong codes are allowed before pauses start. */
  triesBeforePause?: number;
}

/** A warning joins the wrong-code message when this few tries are left before pauses start. */
export const PAUSE_WARNING_TRIES = 2;

export interface UserMessage {
  title: string;
  body: string;
}

const fixed = (code: string): UserMessage | null => {
  const ids: Record<string, [MessageId, MessageId]> = {
    network_error: ['common.error.network.title', 'common.error.network.body'],
    unavailable: ['common.error.unavailable.title', 'common.error.unavailable.body'],
    invalid_credentials: ['common.error.invalidCredentials.title', 'common.error.invalidCredentials.body'],
    pending_expired: ['common.error.pendingExpired.title', 'common.error.pendingExpired.body'],
    session_expired: ['common.error.sessionExpired.title', 'common.error.sessionExpired.body'],
    credentials_changed: ['common.error.credentialsChanged.title', 'common.error.credentialsChanged.body'],
    conflict: ['common.error.conflict.title', 'common.error.conflict.body'],
  };
  const pair = ids[code];
  return pair ? { title: t(pair[0]), body: t(pair[1]) } : null;
};

/** Codes whose body is the server's own detail when it sent one (it says which rule), else a general line. */
const withDetail: Record<string, [MessageId, MessageId]> = {
  policy_violation: ['common.error.policyViolation.title', 'common.error.policyViolation.body'],
  empty: ['common.error.empty.title', 'common.error.empty.body'],
  passkey_refused: ['common.error.passkeyRefused.title', 'common.error.passkeyRefused.body'],
  passkey_browser: ['common.error.passkeyBrowser.title', 'common.error.passkeyBrowser.body'],
  admin_two_factor_required: ['common.error.adminTwoFactorRequired.title', 'common.error.adminTwoFactorRequired.body'],
  password_change_required: ['common.error.passwordChangeRequired.title', 'common.error.passwordChangeRequired.body'],
  weak_password: ['common.error.weakPassword.title', 'common.error.weakPassword.body'],
};

export function messageFor(error: ErrorLike): UserMessage {
  const known = fixed(error.code);
  if (known) return known;
  if (error.code === 'invalid_code') return invalidCodeMessage(error);
  if (error.code === 'rate_limited') {
    return {
      title: t('common.error.rateLimited.title'),
      body: error.retryAfter ? t('common.error.rateLimited.bodyWait', { wait: formatWait(error.retryAfter) }) : t('common.error.rateLimited.body'),
    };
  }
  const pair = withDetail[error.code] ?? (['common.error.unknown.title', 'common.error.unknown.body'] as [MessageId, MessageId]);
  return { title: t(pair[0]), body: error.message || t(pair[1]) };
}

/**
 * A wrong code: the short pause between tries is gentle ("Wait 2 seconds before the next try"), the account
 * lock says what to do; a server without the `pause` field is read by the wait (under a minute: a short pause).
 */
function invalidCodeMessage(error: ErrorLike): UserMessage {
  if (error.retryAfter) {
    const pause = error.pause ?? (error.retryAfter < 60 ? 'short' : 'lock');
    const wait = formatWait(error.retryAfter);
    return pause === 'short'
      ? { title: t('common.error.codePaused.title'), body: t('common.error.codePaused.body', { wait }) }
      : { title: t('common.error.codeLocked.title'), body: t('common.error.codeLocked.body', { wait }) };
  }
  const body = t('common.error.invalidCode.body');
  const tries = error.triesBeforePause;
  if (tries !== undefined && tries <= PAUSE_WARNING_TRIES) {
    return { title: t('common.error.invalidCode.title'), body: `${body} ${t('common.error.invalidCode.pauseWarning', { tries })}` };
  }
  return { title: t('common.error.invalidCode.title'), body };
}
