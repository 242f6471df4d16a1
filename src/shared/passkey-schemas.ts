/**
 * The passkey API's contract. The WebAuthn JSON (options from the server, the
 * browser's answer) is what @simplewebauthn makes and reads; the server checks
 * its outer shape here and the library checks the rest.
 */
import { Type, type Static } from '@sinclair/typebox';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';

const strict = { additionalProperties: false } as const;
const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });
const B64Url = Type.String({ minLength: 1, maxLength: 4096, pattern: '^[A-Za-z0-9_-]+$' });
const Open = { additionalProperties: true } as const;

/** A PublicKeyCredential as JSON (navigator.credentials answer). */
const CredentialShape = {
  id: B64Url,
  rawId: B64Url,
  type: Type.Literal('public-key'),
  clientExtensionResults: Type.Object({}, Open),
  authenticatorAttachment: Type.Optional(Type.String({ maxLength: 32 })),
};

export const PasskeyAssertion = Type.Unsafe<AuthenticationResponseJSON>(
  Type.Object(
    {
      ...CredentialShape,
      response: Type.Object(
        {
          clientDataJSON: B64Url,
          authenticatorData: B64Url,
          signature: B64Url,
          userHandle: Type.Optional(Type.String({ maxLength: 256 })),
        },
        Open,
      ),
    },
    Open,
  ),
);

export const PasskeyAttestation = Type.Unsafe<RegistrationResponseJSON>(
  Type.Object(
    {
      ...CredentialShape,
      response: Type.Object({ clientDataJSON: B64Url, attestationObject: Type.String({ minLength: 1, maxLength: 16384, pattern: '^[A-Za-z0-9_-]+$' }) }, Open),
    },
    Open,
  ),
);

export const PasskeyRequestOptions = Type.Unsafe<PublicKeyCredentialRequestOptionsJSON>(Type.Object({ challenge: Type.String() }, Open));
export const PasskeyCreationOptions = Type.Unsafe<PublicKeyCredentialCreationOptionsJSON>(Type.Object({ challenge: Type.String() }, Open));

export const PasskeyOptionsResponse = Type.Object({ options: PasskeyRequestOptions, expiresAt: Timestamp });
export type PasskeyOptionsResponse = Static<typeof PasskeyOptionsResponse>;

export const PasskeyCreationOptionsResponse = Type.Object({ options: PasskeyCreationOptions, expiresAt: Timestamp });
export type PasskeyCreationOptionsResponse = Static<typeof PasskeyCreationOptionsResponse>;

export const PasskeySignInRequest = Type.Object({ response: PasskeyAssertion }, strict);
export type PasskeySignInRequest = Static<typeof PasskeySignInRequest>;

export const PasskeyInfo = Type.Object({
  id: B64Url,
  name: Type.String(),
  createdAt: Timestamp,
  lastUsedAt: Type.Union([Timestamp, Type.Null()]),
});
export type PasskeyInfo = Static<typeof PasskeyInfo>;

export const PasskeysResponse = Type.Object({ passkeys: Type.Array(PasskeyInfo), allowed: Type.Boolean({ description: 'The org allows passkeys' }) });
export type PasskeysResponse = Static<typeof PasskeysResponse>;

export const PasskeyName = Type.String({ minLength: 1, maxLength: 60, pattern: '\\S', description: 'What the user calls it, e.g. "MacBook Touch ID"' });

export const PasskeyAddRequest = Type.Object({ name: PasskeyName, response: PasskeyAttestation }, strict);
export type PasskeyAddRequest = Static<typeof PasskeyAddRequest>;

export const PasskeyResponse = Type.Object({ passkey: PasskeyInfo });
export type PasskeyResponse = Static<typeof PasskeyResponse>;
