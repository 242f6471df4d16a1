/**
 * Pure decisions of the gate: given what this device and this Outlook
 * session hold, what must the user prove? No I/O; the server still decides
 * (a "resume" is confirmed with GET /me before anything is shown).
 */
import type { CodeReason, DeviceRegistration, MethodInfo, RoamingRecord, SignInReason, StoredSession } from './types';

export type StartDecision =
  | { action: 'no-mailbox' }
  /** A live session of this Outlook session: confirm it with the server, no prompt. */
  | { action: 'resume'; session: StoredSession }
  /** Registered device: ask for a code only. */
  | { action: 'device'; reason: CodeReason; device: DeviceRegistration; clearSession: boolean }
  /** Not registered here, or credentials changed: password + code. */
  | { action: 'password'; reason: SignInReason; clearDevice: boolean; clearSession: boolean };

export interface StartInput {
  now: number;
  mailbox: string | null;
  device: DeviceRegistration | null;
  session: StoredSession | null;
}

export function normalizeMailbox(mailbox: string | null | undefined): string | null {
  const m = (mailbox ?? '').trim().toLowerCase();
  return m ? m : null;
}

/** True when the session is past its absolute or idle limit at `now`. */
export function sessionExpired(session: Pick<StoredSession, 'expiresAt' | 'idleExpiresAt'>, now: number): boolean {
  const abs = Date.parse(session.expiresAt);
  const idle = Date.parse(session.idleExpiresAt);
  if (!Number.isFinite(abs) || !Number.isFinite(idle)) return true;
  return now >= abs || now >= idle;
}

export function decideStart(input: StartInput): StartDecision {
  const mailbox = normalizeMailbox(input.mailbox);
  if (!mailbox) return { action: 'no-mailbox' };
  const { device, session } = input;

  // Outlook shows a different mailbox than the one this device registered: credentials changed.
  if (device && normalizeMailbox(device.mailbox) !== mailbox) {
    return { action: 'password', reason: 'mailbox-changed', clearDevice: true, clearSession: true };
  }
  // A session that belongs to another mailbox or another registration is not ours to use.
  const sessionUsable =
    session !== null &&
    normalizeMailbox(session.mailbox) === mailbox &&
    (session.registrationId ?? null) === (device?.registrationId ?? null);

  if (session && sessionUsable && !sessionExpired(session, input.now)) {
    return { action: 'resume', session };
  }
  if (device) {
    const reason: CodeReason = session && sessionUsable ? 'session-expired' : 'new-session';
    return { action: 'device', reason, device, clearSession: session !== null };
  }
  return { action: 'password', reason: 'first-use', clearDevice: false, clearSession: session !== null };
}

/** The roaming record, if it is well-formed and about this mailbox; else null (it is only a hint). */
export function readRoamingRecord(value: unknown, mailbox: string | null): RoamingRecord | null {
  if (!value || typeof value !== 'object') return null;
  const r = value as Partial<RoamingRecord>;
  if (r.v !== 1 || typeof r.mailbox !== 'string' || typeof r.accountHint !== 'string') return null;
  if (normalizeMailbox(r.mailbox) !== normalizeMailbox(mailbox)) return null;
  return r as RoamingRecord;
}

/** Keys a roaming record may carry: anything else (a token, a secret) is never written. */
export const ROAMING_RECORD_KEYS: readonly (keyof RoamingRecord)[] = [
  'v',
  'registrationId',
  'accountHint',
  'mailbox',
  'sessionId',
  'verifiedAt',
  'expiresAt',
];

/** The order the code prompt offers methods in: SMS, the least safe, never comes before a safer one. */
export const METHOD_ORDER: readonly MethodInfo['method'][] = ['totp', 'email', 'sms', 'backup_code'];

/** The method the code prompt opens with: authenticator app, then email, then text message, then backup code. */
export function pickDefaultMethod(methods: readonly MethodInfo[]): MethodInfo {
  const rank = (m: MethodInfo) => {
    const i = METHOD_ORDER.indexOf(m.method);
    return i < 0 ? METHOD_ORDER.length : i;
  };
  return [...methods].sort((a, b) => rank(a) - rank(b))[0] ?? { method: 'totp' };
}
