/** The numbers behind the security rules, in one place (and in docs/configuration.md). */
export interface Limits {
  pendingTokenMs: number;
  stepUpMs: number;
  /** A registration must follow a full sign-in (password + code) at most this long ago. */
  registrationAfterSignInMs: number;
  /** A key-bound device's sign-in challenge is good this long (and once). */
  deviceChallengeMs: number;
  /** Second-factor failures: delays start at this count… */
  delayFromFailure: number;
  /** …doubling from this many milliseconds… */
  delayBaseMs: number;
  /** …and this many consecutive failures lock the account… */
  lockAfterFailures: number;
  /** …for this long, doubling with each lock in a row, up to the cap. */
  lockBaseMs: number;
  lockMaxMs: number;
  /** Password attempts per account (known or not) from one client IP, per window… */
  passwordPerAccount: number;
  /** …per account from all addresses together (the ceiling for a spread-out attack)… */
  passwordPerAccountTotal: number;
  /** …and per client IP, whatever the account. */
  passwordPerIp: number;
  passwordWindowMs: number;
  /**
   * Session last-used time is written at most this often per session (saves a write per request); the idle
   * limit is exact to within this time (a session may end up to this much before it, never after).
   */
  touchEveryMs: number;
  backupCodeCount: number;
  /** SMS and email codes: valid this long (≤ 10 minutes)… */
  codeTtlMs: number;
  /** …a new one no sooner than this after the last send (per account and channel)… */
  codeResendCooldownMs: number;
  /** …and at most this many sends per account and per destination, per hour and per day. */
  codeSendsPerAccountHour: number;
  codeSendsPerAccountDay: number;
  codeSendsPerDestinationHour: number;
  codeSendsPerDestinationDay: number;
}

export const defaultLimits: Limits = {
  pendingTokenMs: 10 * 60_000,
  stepUpMs: 5 * 60_000,
  registrationAfterSignInMs: 10 * 60_000,
  deviceChallengeMs: 2 * 60_000,
  delayFromFailure: 5,
  delayBaseMs: 1_000,
  lockAfterFailures: 10,
  lockBaseMs: 5 * 60_000,
  lockMaxMs: 60 * 60_000,
  passwordPerAccount: 10,
  passwordPerAccountTotal: 50,
  passwordPerIp: 100,
  passwordWindowMs: 15 * 60_000,
  touchEveryMs: 60_000,
  backupCodeCount: 10,
  codeTtlMs: 10 * 60_000,
  codeResendCooldownMs: 30_000,
  codeSendsPerAccountHour: 5,
  codeSendsPerAccountDay: 20,
  codeSendsPerDestinationHour: 5,
  codeSendsPerDestinationDay: 20,
};
