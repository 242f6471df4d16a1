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

import { t } from '../../shared/i18n/runtime';

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
    return t('portal.passkey.problem.cancelled');
  }
  if (/ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED|InvalidStateError/.test(name)) return t('portal.passkey.problem.registered');
  if (/SecurityError|ERROR_INVALID_DOMAIN|ERROR_INVALID_RP_ID/.test(name)) return t('portal.passkey.problem.domain');
  if (!passkeysSupported()) return t('portal.passkey.problem.unsupported');
  return t('portal.passkey.problem.other');
}
