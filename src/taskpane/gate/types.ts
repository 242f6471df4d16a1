/**
 * Types of the add-in gate: its ports (API, stores, clock) and the views it
 * decides on. Nothing here touches React, Office or fetch.
 */
import type { MessageDescriptor } from '../../shared/i18n/message-ids';
import type {
  DeviceChallengeRequest,
  DeviceChallengeResponse,
  DevicePublicKey,
  DeviceSignInRequest,
  EnrollConfirmRequest,
  EnrollConfirmResponse,
  MeResponse,
  MethodInfo,
  PasswordSignInRequest,
  RegistrationCreateRequest,
  RegistrationCreateResponse,
  SendCodeRequest,
  SendCodeResponse,
  SessionGrant,
  SessionResponse,
  SignInResponse,
  TotpEnrollStartRequest,
  TotpEnrollStartResponse,
  UnavailableMethod,
  UserSummary,
  VerifyMethod,
  VerifyRequest,
} from '../../shared/schemas';
import type { ApprovalCreateRequest, ApprovalCreateResponse, ApprovalWaitResponse } from '../../shared/approval-schemas';

/** The API calls the gate makes (ApiClient satisfies it). */
export interface GateApi {
  setToken(token: string | null): void;
  signInWithPassword(body: PasswordSignInRequest): Promise<SignInResponse>;
  deviceChallenge(body: DeviceChallengeRequest): Promise<DeviceChallengeResponse>;
  signInWithDevice(body: DeviceSignInRequest): Promise<SignInResponse>;
  verify(pendingToken: string, body: VerifyRequest): Promise<SessionResponse>;
  startTotpEnrollment(body: TotpEnrollStartRequest, token?: string | null): Promise<TotpEnrollStartResponse>;
  confirmEnrollment(body: EnrollConfirmRequest, token?: string | null): Promise<EnrollConfirmResponse>;
  /** Sends an SMS/email code for this sign-in (pending token). */
  sendCode(body: SendCodeRequest, token?: string | null): Promise<SendCodeResponse>;
  register(body: RegistrationCreateRequest): Promise<RegistrationCreateResponse>;
  /** Revokes one of the user's registrations (with the session token). */
  revokeRegistration(id: string): Promise<void>;
  me(): Promise<MeResponse>;
  signOut(): Promise<void>;
}

/**
 * Which registration this device holds, to sign in with a code only. Stays on the device (never roams).
 * No secret: the proof is the registration's private key, kept by the DeviceKeyPort.
 */
export interface DeviceRegistration {
  registrationId: string;
  /** The mailbox Outlook showed at registration (lower-cased). */
  mailbox: string;
  accountHint: string;
  createdAt: string;
}

/** The live session of this Outlook session (session-scoped storage). */
export interface StoredSession {
  token: string;
  sessionId: string;
  expiresAt: string;
  idleExpiresAt: string;
  mailbox: string;
  registrationId: string | null;
  user: UserSummary;
}

/**
 * The verification record cached in roaming settings: a hint, never a
 * credential. It holds no bearer secret and grants nothing by itself.
 */
export interface RoamingRecord {
  v: 1;
  registrationId: string | null;
  accountHint: string;
  mailbox: string;
  sessionId: string;
  verifiedAt: string;
  expiresAt: string;
}

/**
 * This device's signing keys, one per registration (WebCrypto ECDSA P-256, non-extractable, in IndexedDB):
 * the private key can sign here but cannot be read out, so a copy of the add-in's storage proves nothing.
 */
export interface DeviceKeyPort {
  /** A new key pair; `keep` stores it under the registration made with its public key. */
  create(): Promise<NewDeviceKey>;
  /** Signs with the key kept for this registration (base64url, IEEE P1363); null when there is none. */
  sign(registrationId: string, message: Uint8Array<ArrayBuffer>): Promise<string | null>;
  /** Starts reading that key from storage, so a signature asked for soon does not wait for it. */
  preload?(registrationId: string): void;
  forget(registrationId: string): Promise<void>;
}

export interface NewDeviceKey {
  publicKey: DevicePublicKey;
  keep(registrationId: string): Promise<void>;
}

export interface KeyValueStore<T> {
  load(): T | null;
  save(value: T): void;
  clear(): void;
}

export interface RoamingPort {
  get<T = unknown>(key: string): T | undefined;
  set(key: string, value: unknown): void;
  remove(key: string): void;
  save(): Promise<void>;
}

export interface GateClock {
  now(): number;
}

export interface ClientDescription {
  label: string;
  host: string | null;
  platform: string | null;
}

/** "Approve with a passkey in your browser": the request and the wait, with the pending token (ApprovalClient satisfies it). */
export interface ApprovalApi {
  create(pendingToken: string, body: ApprovalCreateRequest): Promise<ApprovalCreateResponse>;
  wait(pendingToken: string, requestId: string): Promise<ApprovalWaitResponse>;
}

/** Opens a URL in the system browser (Office's openBrowserWindow); false where the host cannot. */
export type OpenBrowserPort = (url: string) => Promise<boolean>;

export interface GatePorts {
  api: GateApi;
  /** Approval in the browser (absent: the pane offers codes only). */
  approvals?: ApprovalApi;
  openBrowser?: OpenBrowserPort;
  /** Waits between the approval checks (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
  device: KeyValueStore<DeviceRegistration>;
  keys: DeviceKeyPort;
  session: KeyValueStore<StoredSession>;
  roaming: RoamingPort;
  clock: GateClock;
  /** The mailbox Outlook shows now (read on every start). */
  mailbox(): string | null;
  client: ClientDescription;
  /**
   * Registration ids this device held and dropped (credentials changed, other
   * mailbox, re-registered): revoked on the server after the next successful
   * registration, so the devices list keeps one entry per device. Default: memory.
   */
  retired?: KeyValueStore<string[]>;
  /**
   * A device sign-in already started while the pane's code loaded (boot module).
   * Taken at most once; used only when the gate decides on a device sign-in
   * with the same registration and mailbox.
   */
  takePrefetchedDeviceSignIn?: () => PrefetchedDeviceSignIn | null;
}

export interface PrefetchedDeviceSignIn {
  registrationId: string;
  mailbox: string;
  answer: Promise<SignInResponse>;
}

/** Why the pane asks for something: shown to the user. */
export type SignInReason =
  | 'first-use'
  | 'credentials-changed'
  | 'mailbox-changed'
  | 'pending-expired'
  | 'registration-failed';
export type CodeReason = 'sign-in' | 'new-session' | 'session-expired';

export interface GateError {
  code: string;
  message: string;
  /** Seconds to wait before another attempt is worth it (lockout, rate limit). */
  retryAfter?: number;
  /** With retryAfter on invalid_code: 'short' = the growing delay between tries, 'lock' = the account lock. */
  pause?: 'short' | 'lock';
  /** On a wrong code with no pause active: how many more wrong codes before pauses start. */
  triesBeforePause?: number;
}

export type GateView =
  | { kind: 'starting' }
  | { kind: 'no-mailbox' }
  | { kind: 'sign-in'; reason: SignInReason; usernameHint: string; error: GateError | null; busy: boolean }
  | {
      kind: 'code';
      reason: CodeReason;
      methods: MethodInfo[];
      method: VerifyMethod;
      /** The chosen SMS/email factor (when `method` is sms or email). */
      factorId?: string;
      /** Methods the user has that cannot be used here, and why. */
      unavailable: UnavailableMethod[];
      accountHint: string;
      /** Wrong codes entered at this prompt. */
      failures: number;
      error: GateError | null;
      busy: boolean;
      /** The user has a passkey: "Approve with a passkey in your browser" is offered first. */
      passkey?: boolean;
      /** The passkey is the user's only way here (no code method): the approval alone is offered, no code field. */
      passkeyOnly?: boolean;
    }
  /** Waiting for the approval in the system browser: the number to pick there, and the link. */
  | {
      kind: 'approve';
      reason: CodeReason;
      number: string;
      url: string;
      /** The system browser was opened (false: the host cannot; the link is shown to copy). */
      opened: boolean;
      expiresAt: string;
      accountHint: string;
      /** From a passkey-only prompt: going back is "Cancel", not "Enter a code instead". */
      passkeyOnly?: boolean;
      /** The last checks could not reach the server: the pane keeps retrying and says so. */
      unreachable?: boolean;
    }
  /** The user's methods all fail here (e.g. only email codes to this mailbox, no backup codes left). */
  | {
      kind: 'no-method';
      unavailable: UnavailableMethod[];
      accountHint: string;
      /** The user had 2FA and the org turned off every method they have: they confirm it is them in the portal first. */
      proofRequired?: boolean;
    }
  | {
      kind: 'enroll';
      enrollment: TotpEnrollStartResponse | null;
      error: GateError | null;
      busy: boolean;
      /** Methods the user has that cannot be used (e.g. turned off by the org): why set-up is asked. */
      unavailable?: UnavailableMethod[];
      /** The user's passkeys are turned off by the org: why set-up is asked. */
      passkeyDisallowed?: boolean;
    }
  | { kind: 'backup-codes'; codes: string[] }
  | { kind: 'signed-in'; session: Omit<StoredSession, 'token'>; registrationId: string | null; notice: MessageDescriptor | null }
  | { kind: 'signed-out' }
  | { kind: 'unreachable'; error: GateError; busy: boolean };

export type { SessionGrant, MethodInfo, VerifyMethod, UnavailableMethod };
