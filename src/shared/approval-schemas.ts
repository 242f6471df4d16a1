/**
 * The contract of "Approve with a passkey in your browser" (the Outlook add-in's
 * second step given in the system browser): the pane's request and wait, and the
 * approval page's passkey, details and decision.
 */
import { Type, type Static } from '@sinclair/typebox';
import { SessionGrant } from './schemas';

const strict = { additionalProperties: false } as const;
const Timestamp = Type.String({ format: 'date-time', description: 'ISO 8601, UTC' });
/** The request id: 128-bit random, base64url; it is the approval URL's secret part. */
export const ApprovalId = Type.String({ minLength: 22, maxLength: 22, pattern: '^[A-Za-z0-9_-]+$' });
const TwoDigits = Type.String({ minLength: 2, maxLength: 2, pattern: '^[0-9]{2}$' });

export const ApprovalParams = Type.Object({ id: ApprovalId }, strict);
export type ApprovalParams = Static<typeof ApprovalParams>;

/** The pane asks (with its pending token) for an approval request. */
export const ApprovalCreateRequest = Type.Object(
  { host: Type.Optional(Type.String({ maxLength: 120, description: 'e.g. Outlook, OutlookWebApp' })) },
  strict,
);
export type ApprovalCreateRequest = Static<typeof ApprovalCreateRequest>;

export const ApprovalCreateResponse = Type.Object({
  requestId: ApprovalId,
  /** Open in the system browser; good until expiresAt, once. */
  approvalUrl: Type.String(),
  /** Show in the pane: the approval page asks for it. */
  number: TwoDigits,
  expiresAt: Timestamp,
});
export type ApprovalCreateResponse = Static<typeof ApprovalCreateResponse>;

/** Why a request ended without a session (the pane shows a message for each). */
export const ApprovalEnd = Type.Union([
  Type.Literal('denied'),
  Type.Literal('expired'),
  Type.Literal('wrong_number'),
  Type.Literal('other_user'),
  Type.Literal('used'),
  Type.Literal('replaced'),
]);
export type ApprovalEnd = Static<typeof ApprovalEnd>;

/** The pane's wait: still waiting, the session (once), or how it ended. */
export const ApprovalWaitResponse = Type.Object({
  status: Type.Union([Type.Literal('waiting'), Type.Literal('approved'), Type.Literal('ended')]),
  /** For waiting: while the person opens the page and uses the passkey. */
  expiresAt: Type.Optional(Timestamp),
  /** For approved: the pane's session (issued once, to this pending sign-in only). */
  session: Type.Optional(SessionGrant),
  /** For ended. */
  reason: Type.Optional(ApprovalEnd),
  detail: Type.Optional(Type.String()),
});
export type ApprovalWaitResponse = Static<typeof ApprovalWaitResponse>;

/** The approval page: options for navigator.credentials.get (WebAuthn, any of the user's passkeys). */
export const ApprovalStartResponse = Type.Object({
  options: Type.Unknown({ description: 'PublicKeyCredentialRequestOptionsJSON' }),
  expiresAt: Timestamp,
});
export type ApprovalStartResponse = Static<typeof ApprovalStartResponse>;

export const ApprovalPasskeyRequest = Type.Object(
  { response: Type.Unknown({ description: 'AuthenticationResponseJSON from navigator.credentials.get' }) },
  strict,
);
export type ApprovalPasskeyRequest = Static<typeof ApprovalPasskeyRequest>;

/** After the passkey: what asks for access, and the three numbers to choose from. */
export const ApprovalDetails = Type.Object({
  /** Only for the decision of this page (sent back with it). */
  pageToken: Type.String(),
  clientType: Type.Union([Type.String(), Type.Null()]),
  host: Type.Union([Type.String(), Type.Null()]),
  mailbox: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  requestedAt: Timestamp,
  expiresAt: Timestamp,
  /** A registered device (not a first sign-in): its label. */
  device: Type.Union([Type.String(), Type.Null()]),
  choices: Type.Array(TwoDigits, { minItems: 3, maxItems: 3 }),
  username: Type.String(),
});
export type ApprovalDetails = Static<typeof ApprovalDetails>;

export const ApprovalDecisionRequest = Type.Object(
  {
    pageToken: Type.String({ minLength: 20, maxLength: 200 }),
    decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]),
    /** For approve: the number the person picked. */
    number: Type.Optional(TwoDigits),
  },
  strict,
);
export type ApprovalDecisionRequest = Static<typeof ApprovalDecisionRequest>;

export const ApprovalDecisionResponse = Type.Object({
  status: Type.Union([Type.Literal('approved'), Type.Literal('denied'), Type.Literal('ended')]),
  detail: Type.String(),
});
export type ApprovalDecisionResponse = Static<typeof ApprovalDecisionResponse>;
