/**
 * "Approve with a passkey in your browser", the pane's side: WebAuthn does not work reliably in Outlook's
 * web views, so the pane never calls navigator.credentials. It asks the server for an approval request
 * bound to its pending sign-in, shows the number, opens the approval page in the system browser, and waits
 * (polling with back-off) until the request is approved (the session, once) or ends.
 */
import type { ApprovalCreateResponse, ApprovalWaitResponse } from '../../shared/approval-schemas';
import type { ApprovalApi, OpenBrowserPort } from './types';

/** First wait between checks, growth and cap (ms): quick at first, gentle on the server later. */
export const POLL_START_MS = 1_000;
export const POLL_FACTOR = 1.5;
export const POLL_MAX_MS = 5_000;

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface ApprovalStart {
  request: ApprovalCreateResponse;
  opened: boolean;
}

/** Asks for a request and opens its page in the system browser (where the host can). */
export async function startApproval(api: ApprovalApi, openBrowser: OpenBrowserPort | undefined, pendingToken: string, host: string | null): Promise<ApprovalStart> {
  const request = await api.create(pendingToken, host ? { host } : {});
  let opened = false;
  try {
    opened = openBrowser ? await openBrowser(request.approvalUrl) : false;
  } catch {
    opened = false;
  }
  return { request, opened };
}

/**
 * Waits for the decision: the server's final answer (approved with the session, or ended), or null when
 * `current()` turns false (the user went back to codes, or the pane started over).
 */
export async function waitForDecision(
  api: ApprovalApi,
  pendingToken: string,
  requestId: string,
  current: () => boolean,
  sleep: (ms: number) => Promise<void> = defaultSleep,
): Promise<ApprovalWaitResponse | null> {
  let delay = POLL_START_MS;
  for (;;) {
    await sleep(delay);
    if (!current()) return null;
    const answer = await api.wait(pendingToken, requestId);
    if (!current()) return null;
    if (answer.status !== 'waiting') return answer;
    delay = Math.min(POLL_MAX_MS, Math.round(delay * POLL_FACTOR));
  }
}
