/**
 * Typed calls of "Approve with a passkey in your browser", on top of ApiClient
 * (which stays the one place that calls fetch): the pane's request and wait
 * (with its pending token), and the approval page's steps (no token).
 */
import type { ApiClient } from './api-client';
import { ApprovalPaths } from './approval-routes';
import type {
  ApprovalCreateRequest,
  ApprovalCreateResponse,
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  ApprovalDetails,
  ApprovalStartResponse,
  ApprovalWaitResponse,
} from './approval-schemas';

export class ApprovalClient {
  constructor(private readonly api: ApiClient) {}

  /** The pane: a new request for its pending sign-in. */
  create(pendingToken: string, body: ApprovalCreateRequest): Promise<ApprovalCreateResponse> {
    return this.api.request('POST', ApprovalPaths.create, body, pendingToken);
  }
  /** The pane: still waiting, the session (once), or how it ended. */
  wait(pendingToken: string, requestId: string): Promise<ApprovalWaitResponse> {
    return this.api.request('POST', ApprovalPaths.wait(requestId), {}, pendingToken);
  }

  /** The approval page: passkey options while the request is open. */
  start(requestId: string): Promise<ApprovalStartResponse> {
    return this.api.request('POST', ApprovalPaths.start(requestId), {}, null);
  }
  /** The approval page: the passkey's answer; what asks for access and the numbers to choose from. */
  passkey(requestId: string, response: unknown): Promise<ApprovalDetails> {
    return this.api.request('POST', ApprovalPaths.passkey(requestId), { response }, null);
  }
  decide(requestId: string, body: ApprovalDecisionRequest): Promise<ApprovalDecisionResponse> {
    return this.api.request('POST', ApprovalPaths.decide(requestId), body, null);
  }
}
