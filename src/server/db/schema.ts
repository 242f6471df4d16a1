/**
 * Table types for Kysely. Portable across SQLite and PostgreSQL: text ids,
 * integer epoch-millisecond times, integer 0/1 flags, JSON kept as text.
 */
import type { Generated } from 'kysely';

export interface OrgsTable {
  id: string;
  name: string;
  require_2fa: number;
  /** JSON array of factor kinds. */
  allowed_methods: string;
  session_max_age_s: number;
  session_idle_s: number;
  allow_email_to_addin_mailbox: number;
  created_at: number;
  /** 0004: passkeys may be used (default 1); admin actions need a passkey step-up (default 0). */
  passkeys_allowed?: number;
  require_admin_passkey?: number;
  /** 0009: the language of emails and texts for users who chose none (a shipped locale, default 'en'). */
  default_locale?: string;
}

export interface UsersTable {
  id: string;
  org_id: string;
  /** Lower-cased sign-in name; unique across the system. */
  username: string;
  email: string | null;
  display_name: string;
  role: 'admin' | 'user';
  password_hash: string;
  /** Bumped by a password change, 2FA reset or disable: older tokens and registrations stop working. */
  credential_epoch: number;
  /** Consecutive failed second-factor attempts, all methods. */
  failed_2fa: number;
  /** No second-factor attempt is evaluated before this time (growing delay). */
  next_2fa_at: number;
  lock_until: number;
  /** How many locks in a row: each lock lasts twice the previous one. */
  lock_level: number;
  last_sign_in_at: number | null;
  created_at: number;
  /** 0004: the random WebAuthn user handle (base64url), made at the first passkey; never the email. */
  webauthn_handle?: string | null;
  /** 0008: 1 while the user must choose a new password (a generated first password) before account or admin actions. */
  password_change_required?: number;
  /** 0009: the language the user chose (a shipped locale); null follows the browser / the org's default. */
  locale?: string | null;
  /** 0009: the user's IANA time zone for dates in emails; null means UTC. */
  time_zone?: string | null;
}

export interface FactorsTable {
  id: string;
  user_id: string;
  kind: 'totp' | 'sms' | 'email';
  status: 'pending' | 'active';
  label: string;
  /** TOTP secret, AES-256-GCM encrypted. */
  secret_enc: string | null;
  /** Phone (E.164) or email address for delivered codes. */
  destination: string | null;
  /** Highest TOTP time step accepted: a step is accepted once per user. */
  last_step: number | null;
  created_at: number;
  confirmed_at: number | null;
}

export interface BackupCodesTable {
  /** HMAC-SHA256(server key, normalized code), hex. */
  code_hash: string;
  user_id: string;
  used_at: number | null;
  created_at: number;
}

export interface TokensTable {
  id: string;
  /** SHA-256 of the bearer token, hex. */
  token_hash: string;
  kind: 'pending' | 'session';
  user_id: string;
  epoch: number;
  /** pending: 'verify' or 'enroll'. session: 'full' (password + code) or 'device' (registration + code). */
  purpose: string;
  client_type: string | null;
  registration_id: string | null;
  ip: string | null;
  user_agent: string | null;
  created_at: number;
  last_used_at: number;
  /** Pending tokens only: fixed expiry. Sessions follow the org policy at check time. */
  expires_at: number | null;
  consumed_at: number | null;
  revoked_at: number | null;
  step_up_at: number | null;
  /** Pending sign-ins from the Outlook add-in: the mailbox it runs in (lower case), for the email-code rule. */
  mailbox?: string | null;
  /** 0004: sessions only: when it last stepped up with a passkey. */
  passkey_step_up_at?: number | null;
}

export interface RegistrationsTable {
  id: string;
  user_id: string;
  client_type: string;
  label: string;
  host: string | null;
  platform: string | null;
  mailbox: string | null;
  /** SHA-256 of the device-held secret, hex; '' for a key-bound registration (public_key). */
  secret_hash: string;
  /** A key-bound registration's public key: JWK (EC P-256) as JSON. */
  public_key: string | null;
  epoch: number;
  created_at: number;
  last_seen_at: number;
  revoked_at: number | null;
}

/** Nonces of key-bound device challenges already accepted; swept once expired. */
export interface UsedDeviceChallengesTable {
  nonce: string;
  registration_id: string;
  expires_at: number;
}

export interface AuditTable {
  id: Generated<number>;
  at: number;
  org_id: string | null;
  user_id: string | null;
  actor_id: string | null;
  event: string;
  outcome: 'success' | 'failure' | 'info';
  client_type: string | null;
  ip: string | null;
  /** JSON object; never a code, secret or token. */
  detail: string | null;
}

export interface RateLimitsTable {
  key: string;
  window_start: number;
  count: number;
}

/** An SMS or email code: only its keyed hash is kept; used once, voided by a resend. */
export interface DeliveredCodesTable {
  id: string;
  user_id: string;
  factor_id: string;
  /** Pending token id (sign-in), session id (step-up) or the pending factor id (enrollment). */
  attempt_id: string;
  purpose: 'sign_in' | 'step_up' | 'enroll';
  kind: 'sms' | 'email';
  code_hash: string;
  created_at: number;
  expires_at: number;
  consumed_at: number | null;
  voided_at: number | null;
}

/** Development outbox: messages that were not really sent (no SMTP / SMS provider configured). */
export interface DevOutboxTable {
  id: string;
  at: number;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string | null;
  text_body: string;
  html_body: string | null;
}

/** The Outlook add-in's "Approve with a passkey in your browser": one per try, used once, two minutes. */
export interface ApprovalRequestsTable {
  id: string;
  user_id: string;
  org_id: string;
  pending_token_id: string;
  registration_id: string | null;
  /** The two digits the pane shows. */
  number: string;
  /** The three numbers the approval page offers (the right one among them), comma-separated. */
  choices: string;
  client_type: string | null;
  host: string | null;
  mailbox: string | null;
  ip: string | null;
  user_agent: string | null;
  /** pending → verified (passkey) → approved → used; or denied / ended. */
  status: 'pending' | 'verified' | 'approved' | 'used' | 'denied' | 'ended';
  reason: string | null;
  page_token_hash: string | null;
  created_at: number;
  expires_at: number;
  decided_at: number | null;
}

/** A passkey: the credential id and public key (COSE, base64url) and its signature counter; nothing secret. */
export interface PasskeysTable {
  id: string;
  user_id: string;
  name: string;
  public_key: string;
  counter: number;
  /** JSON array of transport hints, or null. */
  transports: string | null;
  created_at: number;
  last_used_at: number | null;
}

/** A WebAuthn challenge until it is answered (deleted: single use) or expires. */
export interface WebAuthnChallengesTable {
  challenge: string;
  purpose: 'register' | 'authenticate';
  /** The user it was made for (registration, step-up); null for a sign-in without a username. */
  user_id: string | null;
  created_at: number;
  expires_at: number;
}

/** Named values every instance shares (0007_deployment): e.g. 'key_check'. */
export interface DeploymentSettingsTable {
  name: string;
  value: string;
  updated_at: number;
}

export interface Database {
  orgs: OrgsTable;
  users: UsersTable;
  factors: FactorsTable;
  backup_codes: BackupCodesTable;
  tokens: TokensTable;
  registrations: RegistrationsTable;
  used_device_challenges: UsedDeviceChallengesTable;
  audit_events: AuditTable;
  rate_limits: RateLimitsTable;
  delivered_codes: DeliveredCodesTable;
  dev_outbox: DevOutboxTable;
  passkeys: PasskeysTable;
  webauthn_challenges: WebAuthnChallengesTable;
  approval_requests: ApprovalRequestsTable;
  deployment_settings: DeploymentSettingsTable;
}
