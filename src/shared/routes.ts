/** The API's paths, in one place for the server, the clients and the tests. */
export const apiPrefix = '/api/v1';

/** Route patterns as the server registers them (`:id` is a path parameter). */
export const Patterns = {
  factor: `${apiPrefix}/me/factors/:id`,
  session: `${apiPrefix}/me/sessions/:id`,
  registration: `${apiPrefix}/registrations/:id`,
} as const;

export const withId = (pattern: string) => (id: string) => pattern.replace(':id', encodeURIComponent(id));

export const Paths = {
  signInPassword: `${apiPrefix}/auth/password`,
  signInDevice: `${apiPrefix}/auth/device`,
  /** A one-time challenge for a key-bound device to sign. */
  deviceChallenge: `${apiPrefix}/auth/device/challenge`,
  verify: `${apiPrefix}/auth/verify`,
  enrollTotpStart: `${apiPrefix}/auth/enroll/totp/start`,
  enrollConfirm: `${apiPrefix}/auth/enroll/confirm`,
  /** Before re-enrolling (every method the user had is off): a code from a factor they hold. */
  enrollProve: `${apiPrefix}/auth/enroll/prove`,
  sendCode: `${apiPrefix}/auth/send-code`,
  enrollSmsStart: `${apiPrefix}/auth/enroll/sms/start`,
  enrollEmailStart: `${apiPrefix}/auth/enroll/email/start`,
  enrollResend: `${apiPrefix}/auth/enroll/resend`,
  /** Development only (404 in production): messages the dev outbox kept instead of sending. */
  devOutbox: `${apiPrefix}/dev/outbox`,
  signOut: `${apiPrefix}/auth/sign-out`,
  me: `${apiPrefix}/me`,
  policy: `${apiPrefix}/policy`,
  stepUp: `${apiPrefix}/me/step-up`,
  changePassword: `${apiPrefix}/me/password`,
  preferences: `${apiPrefix}/me/preferences`,
  backupCodes: `${apiPrefix}/me/backup-codes`,
  factor: withId(Patterns.factor),
  sessions: `${apiPrefix}/me/sessions`,
  session: withId(Patterns.session),
  revokeOtherSessions: `${apiPrefix}/me/sessions/revoke-others`,
  registrations: `${apiPrefix}/registrations`,
  registration: withId(Patterns.registration),
} as const;
