/**
 * A real WebAuthn authenticator for headless Chromium: the DevTools protocol's
 * virtual authenticator (ctap2, internal transport, resident keys, user
 * verification), attached to one page. Passkeys made on it are real key pairs;
 * the browser signs real assertions with them.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface VirtualAuthenticatorOptions {
  /** The authenticator can verify the user (PIN / biometric). Default true. */
  hasUserVerification?: boolean;
  /** ...and the user passes that check. Default true. */
  isUserVerified?: boolean;
}

export interface VirtualCredential {
  credentialId: string;
  isResidentCredential: boolean;
  rpId?: string;
  privateKey: string;
  userHandle?: string;
  signCount: number;
}

export interface VirtualAuthenticator {
  cdp: CDPSession;
  authenticatorId: string;
  credentials(): Promise<VirtualCredential[]>;
  /** Puts a credential on this authenticator (e.g. a copy of another's: a cloned authenticator). */
  addCredential(credential: VirtualCredential): Promise<void>;
  clearCredentials(): Promise<void>;
  setUserVerified(isUserVerified: boolean): Promise<void>;
  remove(): Promise<void>;
}

export async function addVirtualAuthenticator(page: Page, options: VirtualAuthenticatorOptions = {}): Promise<VirtualAuthenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: options.hasUserVerification ?? true,
      isUserVerified: options.isUserVerified ?? true,
      automaticPresenceSimulation: true,
    },
  });
  return {
    cdp,
    authenticatorId,
    async credentials() {
      const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
      return credentials as VirtualCredential[];
    },
    async addCredential(credential) {
      await cdp.send('WebAuthn.addCredential', { authenticatorId, credential });
    },
    async clearCredentials() {
      await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
    },
    async setUserVerified(isUserVerified) {
      await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified });
    },
    async remove() {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId });
      await cdp.detach().catch(() => undefined);
    },
  };
}

/**
 * navigator.credentials.get in the page, with the server's JSON options (WebAuthn Level 3 JSON helpers,
 * Chromium ≥ 129): the answer as JSON, ready to post. Lets a test act from a page of its choosing
 * (another origin, a page in front of several instances).
 */
export async function getInPage(page: Page, options: unknown): Promise<Record<string, unknown>> {
  return page.evaluate(async (json) => {
    const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(json as PublicKeyCredentialRequestOptionsJSON);
    const credential = (await navigator.credentials.get({ publicKey })) as PublicKeyCredential;
    return credential.toJSON() as Record<string, unknown>;
  }, options);
}

/** navigator.credentials.create in the page, with the server's JSON options; the new credential as JSON. */
export async function createInPage(page: Page, options: unknown): Promise<Record<string, unknown>> {
  return page.evaluate(async (json) => {
    const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(json as PublicKeyCredentialCreationOptionsJSON);
    const credential = (await navigator.credentials.create({ publicKey })) as PublicKeyCredential;
    return credential.toJSON() as Record<string, unknown>;
  }, options);
}
