/** The API's paths, in one place for the server, the clients and the tests. */
export const apiPrefix = '/api/v1';

export const Paths = {
  signInPassword: `${apiPrefix}/auth/password`,
  signInDevice: `${apiPrefix}/auth/device`,
  verify: `${apiPrefix}/auth/verify`,
  enrollTotpStart: `${apiPrefix}/auth/enroll/totp/start`,
  enrollConfirm: `${apiPrefix}/auth/enroll/confirm`,
  signOut: `${apiPrefix}/auth/sign-out`,
  me: `${apiPrefix}/me`,
  policy: `${apiPrefix}/policy`,
  stepUp: `${apiPrefix}/me/step-up`,
  changePassword: `${apiPrefix}/me/password`,
  backupCodes: `${apiPrefix}/me/backup-codes`,
  factor: (id: string) => `${apiPrefix}/me/factors/${encodeURIComponent(id)}`,
  sessions: `${apiPrefix}/me/sessions`,
  session: (id: string) => `${apiPrefix}/me/sessions/${encodeURIComponent(id)}`,
  revokeOtherSessions: `${apiPrefix}/me/sessions/revoke-others`,
  registrations: `${apiPrefix}/registrations`,
  registration: (id: string) => `${apiPrefix}/registrations/${encodeURIComponent(id)}`,
} as const;
