/** Paths of "Approve with a passkey in your browser" (no TypeBox here: safe for browser bundles). */
import { apiPrefix, withId } from './routes';

export const ApprovalPatterns = {
  /** The pane (pending token): wait for the decision; the session once approved. */
  wait: `${apiPrefix}/auth/approvals/:id/wait`,
  /** The approval page (no token: the request id is the link's secret). */
  start: `${apiPrefix}/approvals/:id/start`,
  passkey: `${apiPrefix}/approvals/:id/passkey`,
  decide: `${apiPrefix}/approvals/:id/decision`,
} as const;

export const ApprovalPaths = {
  /** The pane (pending token): a new approval request. */
  create: `${apiPrefix}/auth/approvals`,
  wait: withId(ApprovalPatterns.wait),
  start: withId(ApprovalPatterns.start),
  passkey: withId(ApprovalPatterns.passkey),
  decide: withId(ApprovalPatterns.decide),
} as const;
