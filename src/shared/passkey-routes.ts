/** The passkey API's paths (no TypeBox here, for browser bundles). */
import { apiPrefix, withId } from './routes';

export const PasskeyPatterns = {
  passkey: `${apiPrefix}/me/passkeys/:id`,
} as const;

export const PasskeyPaths = {
  /** Sign in without a username: options (a challenge), then the signed answer. */
  signInOptions: `${apiPrefix}/auth/passkey/options`,
  signIn: `${apiPrefix}/auth/passkey`,
  /** The second step after the password (pending token): options for the user's own passkeys, then the answer. */
  verifyOptions: `${apiPrefix}/auth/passkey/verify/options`,
  verify: `${apiPrefix}/auth/passkey/verify`,
  /** Account Settings → Security (session). */
  list: `${apiPrefix}/me/passkeys`,
  registrationOptions: `${apiPrefix}/me/passkeys/options`,
  passkey: withId(PasskeyPatterns.passkey),
  /** Step-up with a passkey (session): options, then the answer. */
  stepUpOptions: `${apiPrefix}/me/step-up/passkey/options`,
  stepUp: `${apiPrefix}/me/step-up/passkey`,
} as const;
