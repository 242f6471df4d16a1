/**
 * "Approve with a passkey in your browser", the pane's side: WebAuthn does not work reliably in Outlook's
 * web views, so the pane never calls navigator.credentials. It asks the server for an approval request
 * bound to its pending sign-in, shows the number, opens the approval page in the system browser, and waits
 * (polling with back-off) until the request is approved (the session, once) or ends.
 */
import type { ApprovalCreateResponse, ApprovalWaitResponse } from '../../shared/approval-schemas';
import { E, toGateError } from './errors';
import type { ApprovalApi, OpenBrowserPort } from './types';

/** First wait between checks, growth and cap (ms): quick at first, gentle on the server later. */
export const POLL_START_MS = 1_000;
export const POLL_FACTOR = 1.5;
export const POLL_MAX_MS = 5_000;
/** The server hands an approved session out up to 30 s after the request's expiry: the pane keeps trying that long. */
export const COLLECT_GRACE_MS = 30_000;

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

/** Whether a failed check is worth repeating: the server could not be reached, or was briefly unavailable. */
function transient(e: unknown): boolean {
  const code = toGateError(e).code;
  return code === E.network || code === E.unavailable || code === E.internal;
}

export interface WaitOptions {
  sleep?: (ms: number) => Promise<void>;
  /** The request's lifetime: network errors are retried until `expiresAt` (+ the collection grace) has passed. */
  expiresAt?: string;
  now?: () => number;
  /** Told when checks start failing (false) and when the server answers again (true). */
  onReachable?: (reachable: boolean) => void;
}

/**
 * Waits for the decision: the server's final answer (approved with the session, or ended), or null when
 * `current()` turns false (the user went back to codes, or the pane started over). A network error does not
 * end the wait: the pane keeps checking with back-off for the request's lifetime (`onReachable(false)` meanwhile);
 * after it, the last error is thrown.
 */
export async function waitForDecision(
  api: ApprovalApi,
  pendingToken: string,
  requestId: string,
  current: () => boolean,
  options: WaitOptions = {},
): Promise<ApprovalWaitResponse | null> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? (() => Date.now());
  const until = options.expiresAt ? Date.parse(options.expiresAt) + COLLECT_GRACE_MS : Number.NaN;
  let delay = POLL_START_MS;
  let unreachable = false;
  for (;;) {
    await sleep(delay);
    if (!current()) return null;
    let answer: ApprovalWaitResponse;
    try {
      answer = await api.wait(pendingToken, requestId);
    } catch (e) {
      if (!current()) return null;
      if (!transient(e) || !(now() < until)) throw e;
      if (!unreachable) options.onReachable?.(false);
      unreachable = true;
      delay = Math.min(POLL_MAX_MS, Math.round(delay * POLL_FACTOR));
      continue;
    }
    if (!current()) return null;
    if (unreachable) options.onReachable?.(true);
    unreachable = false;
    if (answer.status !== 'waiting') return answer;
    delay = Math.min(POLL_MAX_MS, Math.round(delay * POLL_FACTOR));
  }
}
