/**
 * The API contract: request and response schemas (JSON Schema via TypeBox)
 * and the TypeScript types derived from them. The server validates with these
 * exact schemas and generates /api/openapi.json from them; clients import the
 * types (type-only imports keep TypeBox out of browser bundles).
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PreferredLocale } from './preference-schemas';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const ClientType = Type.Union(
  [Type.Literal('outlook-addin'), Type.Literal('web'), Type.Literal('desktop'), Type.Literal('mobile')],
  { description: 'Which AXIS CloudSync client is asking' },
);
export type ClientType = Static<typeof ClientType>;

export const FactorKind = Type.Union([Type.Literal('totp'), Type.Literal('sms'), Type.Literal('email')]);
export type FactorKind = Static<typeof FactorKind>;

/** What a user can type at the code prompt: one of their factors, or a backup code. */
export const VerifyMethod = Type.Union([
  Type.Literal('totp'),
  Type.Literal('backup_code'),
  Type.Literal('sms'),
  Type.Literal('email'),
]);
export type VerifyMethod = Static<typeof VerifyMethod>;

export const Role = Type.Union([Type.Literal('admin'), Type.Literal('user')]);
export type Role = Static<typeof Role>;

const Username = Type.String({ minLength: 1, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const NewPassword = Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters' });
const Code = Type.String({ minLength: 1, maxLength: 64, description: 'Digits for TOTP/SMS/email; a backup code may keep its dashes and spaces' });
const Mailbox = Type.String({ minLength: 3, maxLength: 320 });

export const ClientInfo = Type.Object(
  {
    type: ClientType,
    label: Type.Optional(Type.String({ maxLength: 120 })),
    host: Type.Optional(Type.String({ maxLength: 120, description: 'e.g. Outlook, OutlookWebApp' })),
    platform: Type.Optional(Type.String({ maxLength: 120, description: 'e.g. PC, Mac, OfficeOnline' })),
    mailbox: Type.Optional(Mailbox),
  },
  strict,
);
export type ClientInfo = Static<typeof ClientInfo>;

// ---- sign-in -------------------------------------------------------------

export const PasswordSignInRequest = Type.Object(
  { username: Username, password: Password, client: Type.Optional(ClientInfo) },
  strict,
);
export type PasswordSignInRequest = Static<typeof PasswordSignInRequest>;

const Base64Url = (options: { minLength: number; maxLength: number; description?: string }) =>
  Type.String({ ...options, pattern: '^[A-Za-z0-9_-]+$' });

/** A device's public key (JWK, ECDSA P-256); the private key never leaves the device (non-extractable WebCrypto key). */
export const DevicePublicKey = Type.Object(
  {
    kty: Type.Literal('EC'),
    crv: Type.Literal('P-256'),
    x: Base64Url({ minLength: 43, maxLength: 43 }),
    y: Base64Url({ minLength: 43, maxLength: 43 }),
  },
  strict,
);
export type DevicePublicKey = Static<typeof DevicePublicKey>;

export const DeviceChallengeRequest = Type.Object({ registrationId: Id }, strict);
export type DeviceChallengeRequest = Static<typeof DeviceChallengeRequest>;

export const DeviceChallengeResponse = Type.Object({
  /** Sign `deviceProofMessage(challenge)` (src/shared/device-proof.ts) and send it back once, before `expiresAt`. */
  challenge: Type.String(),
  expiresAt: Timestamp,
});
export type DeviceChallengeResponse = Static<typeof DeviceChallengeResponse>;

/**
 * A registered device starts a sign-in with its proof: the device secret it was given (secret-bound
 * registration), or a challenge and its signature (key-bound registration, as the Outlook add-in makes).
 */
export const DeviceSignInRequest = Type.Object(
  {
    registrationId: Id,
    deviceSecret: Type.Optional(Type.String({ minLength: 16, maxLength: 256 })),
    challenge: Type.Optional(Type.String({ minLength: 1, maxLength: 512 })),
    /** ECDSA P-256 / SHA-256 signature, IEEE P1363 (r ‖ s, 64 bytes), base64url. */
    signature: Type.Optional(Base64Url({ minLength: 86, maxLength: 86 })),
    /** The mailbox Outlook shows now; a different one than registered means credentials changed. */
    mailbox: Type.Optional(Mailbox),
  },
  strict,
);
export type DeviceSignInRequest = Static<typeof DeviceSignInRequest>;

export const MethodInfo = Type.Object({
  method: VerifyMethod,
  factorId: Type.Optional(Id),
  label: Type.Optional(Type.String()),
  maskedDestination: Type.Optional(Type.String()),
});
export type MethodInfo = Static<typeof MethodInfo>;

export const UserSummary = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  role: Role,
  orgId: Id,
  orgName: Type.String(),
});
export type UserSummary = Static<typeof UserSummary>;

export const SessionGrant = Type.Object({
  token: Type.String({ description: 'Bearer token; keep in memory or session storage only' }),
  sessionId: Id,
  expiresAt: Timestamp,
  idleExpiresAt: Timestamp,
  user: UserSummary,
});
export type SessionGrant = Static<typeof SessionGrant>;

/** A method the user has but cannot use here, and why (shown so the user knows what to do instead). */
export const UnavailableMethod = Type.Object({
  method: FactorKind,
  factorId: Type.Optional(Id),
  maskedDestination: Type.Optional(Type.String()),
  /** disabled_by_policy: the org turned this kind off. addin_mailbox: an email code to the add-in's own mailbox. */
  reason: Type.Union([Type.Literal('disabled_by_policy'), Type.Literal('addin_mailbox')]),
  detail: Type.String(),
});
export type UnavailableMethod = Static<typeof UnavailableMethod>;

export const NextStep = Type.Union([Type.Literal('verify'), Type.Literal('enroll'), Type.Literal('done')]);
export type NextStep = Static<typeof NextStep>;

export const SignInResponse = Type.Object({
  next: NextStep,
  /** For verify/enroll: opens only the second-factor endpoints, for a few minutes. */
  pendingToken: Type.Optional(Type.String()),
  pendingExpiresAt: Type.Optional(Timestamp),
  /** For verify: what the user can use. */
  methods: Type.Optional(Type.Array(MethodInfo)),
  /** For enroll: the kinds the org allows. */
  allowedMethods: Type.Optional(Type.Array(FactorKind)),
  /**
   * For enroll: the user had two-step authentication and the org turned off every method they have. Before
   * setting up an allowed one they prove a factor they hold (any of `proofMethods`, even one now off for
   * sign-in, or a backup code) at auth/enroll/prove; otherwise an administrator resets their 2FA.
   */
  proofRequired: Type.Optional(Type.Boolean()),
  /** For enroll with proofRequired: the methods that prove it is them (send-code works for SMS/email ones). */
  proofMethods: Type.Optional(Type.Array(MethodInfo)),
  /** For verify/enroll: methods the user has that cannot be used here, with the reason. */
  unavailableMethods: Type.Optional(Type.Array(UnavailableMethod)),
  /** For done: the session. */
  session: Type.Optional(SessionGrant),
  /** For verify: the user has a passkey the org allows (offered before typed codes; the add-in approves in the browser). */
  passkey: Type.Optional(Type.Boolean()),
  /** For enroll: the user's passkeys are turned off by the org (so a method must be set up here). */
  passkeyDisallowed: Type.Optional(Type.Boolean()),
});
export type SignInResponse = Static<typeof SignInResponse>;

export const VerifyRequest = Type.Object({ method: VerifyMethod, code: Code, factorId: Type.Optional(Id) }, strict);
export type VerifyRequest = Static<typeof VerifyRequest>;

export const SessionResponse = Type.Object({ session: SessionGrant });
export type SessionResponse = Static<typeof SessionResponse>;

// ---- enrollment ------------------------------------------------------------

export const TotpEnrollStartRequest = Type.Object({ label: Type.Optional(Type.String({ maxLength: 60 })) }, strict);
export type TotpEnrollStartRequest = Static<typeof TotpEnrollStartRequest>;

export const TotpEnrollStartResponse = Type.Object({
  factorId: Id,
  secret: Type.String({ description: 'Base32, for manual entry; shown once' }),
  otpauthUri: Type.String(),
  qrSvg: Type.String({ description: 'The otpauth URI as an SVG QR code' }),
});
export type TotpEnrollStartResponse = Static<typeof TotpEnrollStartResponse>;

export const EnrollConfirmRequest = Type.Object({ factorId: Id, code: Code }, strict);
export type EnrollConfirmRequest = Static<typeof EnrollConfirmRequest>;

export const FactorInfo = Type.Object({
  id: Id,
  kind: FactorKind,
  label: Type.String(),
  maskedDestination: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type FactorInfo = Static<typeof FactorInfo>;

export const EnrollConfirmResponse = Type.Object({
  factor: FactorInfo,
  /** Present when this was the first factor: shown once, never again. */
  backupCodes: Type.Optional(Type.Array(Type.String())),
  /** Present when enrollment finished a sign-in (pending token). */
  session: Type.Optional(SessionGrant),
});
export type EnrollConfirmResponse = Static<typeof EnrollConfirmResponse>;

// ---- SMS and email codes -------------------------------------------------------

export const DeliveredKind = Type.Union([Type.Literal('sms'), Type.Literal('email')]);
export type DeliveredKind = Static<typeof DeliveredKind>;

export const SendCodeRequest = Type.Object(
  {
    method: DeliveredKind,
    factorId: Type.Optional(Id),
    /** The Outlook add-in: the mailbox it is open in (email codes to it are not sent). */
    mailbox: Type.Optional(Mailbox),
  },
  strict,
);
export type SendCodeRequest = Static<typeof SendCodeRequest>;

/** The same answer whether or not a code went out (no enumeration); never the destination. */
export const SendCodeResponse = Type.Object({
  resendAfterSeconds: Type.Integer({ description: 'Ask for another code no sooner than this' }),
  codeValidSeconds: Type.Integer(),
});
export type SendCodeResponse = Static<typeof SendCodeResponse>;

export const SmsEnrollStartRequest = Type.Object(
  {
    phoneNumber: Type.String({ minLength: 1, maxLength: 40, description: 'International (+44 7400 123456) or national with defaultCountry' }),
    defaultCountry: Type.Optional(Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2, e.g. US' })),
    label: Type.Optional(Type.String({ maxLength: 60 })),
  },
  strict,
);
export type SmsEnrollStartRequest = Static<typeof SmsEnrollStartRequest>;

export const EmailEnrollStartRequest = Type.Object(
  {
    /** Defaults to the account's email address. */
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    label: Type.Optional(Type.String({ maxLength: 60 })),
  },
  strict,
);
export type EmailEnrollStartRequest = Static<typeof EmailEnrollStartRequest>;

export const DeliveredEnrollStartResponse = Type.Object({
  factorId: Id,
  kind: DeliveredKind,
  maskedDestination: Type.String(),
  resendAfterSeconds: Type.Integer(),
  codeValidSeconds: Type.Integer(),
});
export type DeliveredEnrollStartResponse = Static<typeof DeliveredEnrollStartResponse>;

export const EnrollResendRequest = Type.Object({ factorId: Id }, strict);
export type EnrollResendRequest = Static<typeof EnrollResendRequest>;

// ---- account ---------------------------------------------------------------

export const PolicyInfo = Type.Object({
  require2fa: Type.Boolean(),
  allowedMethods: Type.Array(FactorKind),
  sessionMaxAgeSeconds: Type.Integer(),
  sessionIdleSeconds: Type.Integer(),
  /** Mobile apps: when 2FA is org policy, later app sessions need an app PIN. */
  appPinRequired: Type.Boolean(),
  /** Whether the add-in may offer email codes sent to its own mailbox. */
  allowEmailToAddinMailbox: Type.Boolean(),
});
export type PolicyInfo = Static<typeof PolicyInfo>;

export const PolicyQuery = Type.Object({ clientType: Type.Optional(ClientType) }, strict);
export type PolicyQuery = Static<typeof PolicyQuery>;

export const SessionInfo = Type.Object({
  id: Id,
  clientType: Nullable(ClientType),
  registrationId: Nullable(Id),
  createdAt: Timestamp,
  lastUsedAt: Timestamp,
  expiresAt: Timestamp,
  idleExpiresAt: Timestamp,
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  current: Type.Boolean(),
});
export type SessionInfo = Static<typeof SessionInfo>;

export const MeResponse = Type.Object({
  user: UserSummary,
  twoFactorEnabled: Type.Boolean(),
  factors: Type.Array(FactorInfo),
  backupCodesLeft: Type.Integer(),
  policy: PolicyInfo,
  session: SessionInfo,
  stepUpExpiresAt: Nullable(Timestamp),
  /** True while the password is one the user was given (the first administrator's): change it (POST /me/password) before anything else. */
  passwordChangeRequired: Type.Optional(Type.Boolean()),
  /** The language the user chose under Account Settings; null: follow the browser. */
  locale: Nullable(PreferredLocale),
  /** The user's IANA time zone for dates in emails; null: UTC. */
  timeZone: Nullable(Type.String()),
});
export type MeResponse = Static<typeof MeResponse>;

export const StepUpRequest = Type.Object(
  {
    password: Password,
    /** Required when the user has 2FA on. */
    method: Type.Optional(VerifyMethod),
    code: Type.Optional(Code),
    factorId: Type.Optional(Id),
  },
  strict,
);
export type StepUpRequest = Static<typeof StepUpRequest>;

export const StepUpResponse = Type.Object({ stepUpExpiresAt: Timestamp });
export type StepUpResponse = Static<typeof StepUpResponse>;

export const ChangePasswordRequest = Type.Object(
  {
    currentPassword: Password,
    newPassword: NewPassword,
    /** Required when the user has 2FA on. */
    method: Type.Optional(VerifyMethod),
    code: Type.Optional(Code),
    factorId: Type.Optional(Id),
  },
  strict,
);
export type ChangePasswordRequest = Static<typeof ChangePasswordRequest>;

export const BackupCodesResponse = Type.Object({ codes: Type.Array(Type.String()) });
export type BackupCodesResponse = Static<typeof BackupCodesResponse>;

export const SessionsResponse = Type.Object({ sessions: Type.Array(SessionInfo) });
export type SessionsResponse = Static<typeof SessionsResponse>;

export const IdParams = Type.Object({ id: Id }, strict);
export type IdParams = Static<typeof IdParams>;

export const EmptyBody = Type.Object({}, strict);
export const CountResponse = Type.Object({ count: Type.Integer() });
export type CountResponse = Static<typeof CountResponse>;

// ---- client registrations ---------------------------------------------------

export const RegistrationCreateRequest = Type.Object(
  {
    clientType: ClientType,
    label: Type.String({ minLength: 1, maxLength: 120 }),
    host: Type.Optional(Type.String({ maxLength: 120 })),
    platform: Type.Optional(Type.String({ maxLength: 120 })),
    mailbox: Type.Optional(Mailbox),
    /** Key-bound registration: the device signs challenges with the matching private key; no device secret is issued. */
    publicKey: Type.Optional(DevicePublicKey),
  },
  strict,
);
export type RegistrationCreateRequest = Static<typeof RegistrationCreateRequest>;

export const RegistrationInfo = Type.Object({
  id: Id,
  clientType: ClientType,
  label: Type.String(),
  host: Nullable(Type.String()),
  platform: Nullable(Type.String()),
  mailboxHint: Nullable(Type.String()),
  createdAt: Timestamp,
  lastSeenAt: Timestamp,
  current: Type.Boolean(),
});
export type RegistrationInfo = Static<typeof RegistrationInfo>;

export const RegistrationCreateResponse = Type.Object({
  registration: RegistrationInfo,
  /** Secret-bound registrations only: held by the device (never roaming settings); shown once. */
  deviceSecret: Type.Optional(Type.String()),
});
export type RegistrationCreateResponse = Static<typeof RegistrationCreateResponse>;

export const RegistrationsResponse = Type.Object({ registrations: Type.Array(RegistrationInfo) });
export type RegistrationsResponse = Static<typeof RegistrationsResponse>;

// ---- health ------------------------------------------------------------------

export const HealthResponse = Type.Object({ status: Type.String(), database: Type.Optional(Type.String()) });
export type HealthResponse = Static<typeof HealthResponse>;
