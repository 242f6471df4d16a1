/**
 * The portal's only door to WebAuthn: @simplewebauthn/browser, loaded on first
 * use (it stays out of the portal's first bundle, and the task pane never
 * imports this file: the add-in approves in the system browser instead).
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';

export type { AuthenticationResponseJSON, PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON, RegistrationResponseJSON };

/** Whether this browser can use passkeys at all (a secure context with WebAuthn). */
export function passkeysSupported(): boolean {
  return typeof window !== 'undefined' && window.isSecureContext && typeof window.PublicKeyCredential === 'function';
}

function library() {
  return import(/* webpackChunkName: "webauthn" */ '@simplewebauthn/browser');
}

/** Asks the browser to create a passkey (the user's authenticator prompts). */
export async function createPasskey(options: PublicKeyCredentialCreationOptionsJSON): Promise<RegistrationResponseJSON> {
  const { startRegistration } = await library();
  return startRegistration({ optionsJSON: options });
}

/** Asks the browser to sign the server's challenge with a passkey (discoverable when the options list none). */
export async function assertWithPasskey(options: PublicKeyCredentialRequestOptionsJSON): Promise<AuthenticationResponseJSON> {
  const { startAuthentication } = await library();
  return startAuthentication({ optionsJSON: options });
}

/**
 * A sentence for the user when the browser's side failed (the server's refusals carry their own message).
 * Cancelling the prompt is the common case: NotAllowedError covers cancel, timeout and "no passkey here".
 */
export function passkeyProblem(error: unknown): string {
  const name = error instanceof Error ? ((error as { code?: string }).code ?? error.name) : '';
  if (/NotAllowedError|ERROR_CEREMONY_ABORTED/.test(name) || (error instanceof Error && error.name === 'NotAllowedError')) {
    return 'The passkey prompt was cancelled or timed out. Try again when you are ready.';
  }
  if (/ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED|InvalidStateError/.test(name)) return 'This device already holds a passkey for your account.';
  if (/SecurityError|ERROR_INVALID_DOMAIN|ERROR_INVALID_RP_ID/.test(name)) return 'Passkeys do not work at this address. Open the portal at its usual address and try again.';
  if (!passkeysSupported()) return 'This browser cannot use passkeys. Use another way to sign in.';
  return 'The passkey could not be used. Try again, or use another way to sign in.';
}
