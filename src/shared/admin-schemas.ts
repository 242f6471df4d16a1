/**
 * The admin API's contract (Admin → Settings → Policies, Users, Audit): paths,
 * request/response schemas and their types. Same rules as schemas.ts: the
 * server validates with these exact schemas, clients import the types only.
 *
 * Paths are in admin-routes.ts (no TypeBox there, for browser bundles).
 *
 * Query strings are not type-coerced by the server (ajv coerceTypes: false),
 * so numbers in a query are digit strings.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { FactorKind, Role } from './schemas';
import { PreferredLocale } from './preference-schemas';

const strict = { additionalProperties: false } as const;
const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });
const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const DigitString = (description: string) => Type.String({ pattern: '^[0-9]{1,6}$', description });

// ---- policy ------------------------------------------------------------------

export const AdminPolicy = Type.Object({
  require2fa: Type.Boolean({ description: 'Require Two-Step Authentication' }),
  allowedMethods: Type.Array(FactorKind),
  sessionMaxAgeSeconds: Type.Integer(),
  sessionIdleSeconds: Type.Integer(),
  /** Whether the Outlook add-in may offer email codes sent to the very mailbox it is open in (off by default). */
  allowEmailToAddinMailbox: Type.Boolean(),
  /** Users may add and use passkeys (on by default). */
  passkeysAllowed: Type.Boolean(),
  /** Admin actions need a step-up made with a passkey. */
  requireAdminPasskey: Type.Boolean(),
  /** The language of emails and texts for users who chose none. */
  defaultLocale: PreferredLocale,
});
export type AdminPolicy = Static<typeof AdminPolicy>;

export const AdminPolicyResponse = Type.Object({
  policy: AdminPolicy,
  /** Users of the org without an active second factor (they set one up at their next sign-in when required). */
  notEnrolledCount: Type.Integer(),
  userCount: Type.Integer(),
});
export type AdminPolicyResponse = Static<typeof AdminPolicyResponse>;

/** Fields left out keep their value. Takes effect at each user's next sign-in or session check. */
export const AdminPolicyUpdate = Type.Object(
  {
    require2fa: Type.Optional(Type.Boolean()),
    allowedMethods: Type.Optional(Type.Array(FactorKind, { minItems: 1, maxItems: 3, uniqueItems: true })),
    sessionMaxAgeSeconds: Type.Optional(Type.Integer({ minimum: 300, maximum: 30 * 86400 })),
    sessionIdleSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 86400 })),
    allowEmailToAddinMailbox: Type.Optional(Type.Boolean()),
    passkeysAllowed: Type.Optional(Type.Boolean()),
    requireAdminPasskey: Type.Optional(Type.Boolean()),
    defaultLocale: Type.Optional(PreferredLocale),
  },
  { ...strict, minProperties: 1 },
);
export type AdminPolicyUpdate = Static<typeof AdminPolicyUpdate>;

// ---- users -------------------------------------------------------------------

export const AdminUserStatus = Type.Union([
  Type.Literal('all'),
  Type.Literal('enrolled'),
  Type.Literal('not_enrolled'),
  Type.Literal('locked'),
]);
export type AdminUserStatus = Static<typeof AdminUserStatus>;

export const AdminUsersQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 254, description: 'Part of a username, name or email' })),
    status: Type.Optional(AdminUserStatus),
    offset: Type.Optional(DigitString('Rows to skip (default 0)')),
    limit: Type.Optional(DigitString('Rows per page, 1–100 (default 25)')),
  },
  strict,
);
export type AdminUsersQuery = Static<typeof AdminUsersQuery>;

export const AdminUser = Type.Object({
  id: Id,
  username: Type.String(),
  displayName: Type.String(),
  email: Nullable(Type.String()),
  role: Role,
  twoFactorEnabled: Type.Boolean(),
  methods: Type.Array(FactorKind),
  backupCodesLeft: Type.Integer(),
  locked: Type.Boolean(),
  lockedUntil: Nullable(Timestamp),
  lastSignInAt: Nullable(Timestamp),
  createdAt: Timestamp,
});
export type AdminUser = Static<typeof AdminUser>;

export const AdminUsersResponse = Type.Object({
  users: Type.Array(AdminUser),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
});
export type AdminUsersResponse = Static<typeof AdminUsersResponse>;

export const AdminCreateUserRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: 1024, description: 'At least 12 characters' }),
    displayName: Type.Optional(Type.String({ maxLength: 120 })),
    email: Type.Optional(Type.String({ maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' })),
    role: Type.Optional(Role),
  },
  strict,
);
export type AdminCreateUserRequest = Static<typeof AdminCreateUserRequest>;

export const AdminUserResponse = Type.Object({ user: AdminUser });
export type AdminUserResponse = Static<typeof AdminUserResponse>;

export const AdminUserParams = Type.Object({ id: Id }, strict);
export type AdminUserParams = Static<typeof AdminUserParams>;

export const AdminRegistrationParams = Type.Object({ id: Id, registrationId: Id }, strict);
export type AdminRegistrationParams = Static<typeof AdminRegistrationParams>;

// ---- audit -------------------------------------------------------------------

export const AdminAuditQuery = Type.Object(
  {
    userId: Type.Optional(Id),
    user: Type.Optional(Type.String({ maxLength: 254, description: 'Part of the username of the user or the actor' })),
    event: Type.Optional(Type.String({ maxLength: 80, pattern: '^[a-z0-9_.]+$', description: 'An event name, or its start (e.g. "admin.")' })),
    from: Type.Optional(Timestamp),
    to: Type.Optional(Timestamp),
    offset: Type.Optional(DigitString('Rows to skip (default 0)')),
    limit: Type.Optional(DigitString('Rows per page, 1–200 (default 50)')),
  },
  strict,
);
export type AdminAuditQuery = Static<typeof AdminAuditQuery>;

export const AuditEventInfo = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  event: Type.String(),
  outcome: Type.Union([Type.Literal('success'), Type.Literal('failure'), Type.Literal('info')]),
  userId: Nullable(Type.String()),
  username: Nullable(Type.String()),
  actorId: Nullable(Type.String()),
  actorUsername: Nullable(Type.String()),
  clientType: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()])),
});
export type AuditEventInfo = Static<typeof AuditEventInfo>;

export const AdminAuditResponse = Type.Object({
  events: Type.Array(AuditEventInfo),
  total: Type.Integer(),
  offset: Type.Integer(),
  limit: Type.Integer(),
});
export type AdminAuditResponse = Static<typeof AdminAuditResponse>;
