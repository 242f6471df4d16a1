/**
 * Stable, machine-readable error codes of the auth API. Every error answer is
 * `application/problem+json` with one of these in `code` and a human `detail`.
 * Clients branch on `code`, never on `detail` or the HTTP status alone.
 */
export const ErrorCode = {
  /** The body, query or params failed the contract schema (or is not JSON). */
  invalidRequest: 'invalid_request',
  /** Body larger than the server accepts. */
  payloadTooLarge: 'payload_too_large',
  /** Content-Type the route does not take. */
  unsupportedMediaType: 'unsupported_media_type',
  /** Unknown user, wrong password or an unusable device registration: deliberately one answer. */
  invalidCredentials: 'invalid_credentials',
  /** Wrong, reused or expired second-factor code, or the account is locked: deliberately one answer. */
  invalidCode: 'invalid_code',
  /** No token, unknown token, or a token of the wrong kind for this route. */
  unauthenticated: 'unauthenticated',
  /** The session passed the org's maximum age or idle limit. Sign in again with a code. */
  sessionExpired: 'session_expired',
  /** The pending (password-step) token is spent or too old. Start the sign-in again. */
  pendingExpired: 'pending_expired',
  /** Issued under an older credential epoch, or the registration was revoked: ask for password + code. */
  credentialsChanged: 'credentials_changed',
  /** The action needs a fresh password + second factor (step-up). */
  stepUpRequired: 'step_up_required',
  /** Authenticated but not allowed (e.g. not an admin). */
  forbidden: 'forbidden',
  /** An administrator without two-step authentication on their own account: set it up before any admin action. */
  adminTwoFactorRequired: 'admin_two_factor_required',
  /** The account's password was generated (the first administrator's): choose a new one (POST /me/password) before anything else. */
  passwordChangeRequired: 'password_change_required',
  notFound: 'not_found',
  /** The path exists but does not take this method; see `Allow`. */
  methodNotAllowed: 'method_not_allowed',
  /** Too many attempts from this account or address; see Retry-After. */
  rateLimited: 'rate_limited',
  /** The request conflicts with the current state (e.g. nothing to confirm, already enrolled). */
  conflict: 'conflict',
  /** The org policy forbids this (e.g. turning 2FA off while it is required, a method not allowed). */
  policyViolation: 'policy_violation',
  /** A passkey answer was refused (unknown passkey, wrong origin, spent or expired challenge, counter gone back). */
  passkeyRefused: 'passkey_refused',
  /** The password does not meet the rules (length, known-breached list). */
  weakPassword: 'weak_password',
  /** The server cannot reach its database or another dependency. */
  unavailable: 'unavailable',
  internal: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Not from the server: the client's own code for "the server could not be reached". */
export const networkErrorCode = 'network_error';

/** RFC 9457 problem details, with our stable `code`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  /** Seconds until another attempt is worth making (lockout, delay, rate limit). */
  retryAfter?: number;
  /** invalid_code with retryAfter: "short" = the growing pause between tries after several wrong codes, "lock" = the account lock. */
  pause?: 'short' | 'lock';
  /** invalid_code with no pause yet: how many more codes can be tried before a wrong one starts the pauses. */
  triesBeforePause?: number;
  /** For invalid_request: where the body was wrong. */
  errors?: { path: string; message: string }[];
}

/** Relative to the API's origin (RFC 9457 §3.1.1): the server serves one page per code there. */
export const problemTypeBase = '/problems/';
