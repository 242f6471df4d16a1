/** The gate's errors: the API's codes, the client's own for an unreachable server, and one shape for views. */
import { ErrorCode, networkErrorCode } from '../../shared/errors';
import type { GateError } from './types';

/** Error codes the gate branches on: the API's, and the client's own for an unreachable server. */
export const E = { ...ErrorCode, network: networkErrorCode } as const;

export function toGateError(e: unknown): GateError {
  const err = e as { code?: unknown; message?: unknown; status?: unknown; problem?: { retryAfter?: number; detail?: string; pause?: unknown; triesBeforePause?: unknown } };
  const code = typeof err?.code === 'string' ? err.code : err?.status === 0 ? E.network : 'internal_error';
  const retryAfter = err?.problem?.retryAfter;
  return {
    code,
    message: typeof err?.problem?.detail === 'string' ? err.problem.detail : typeof err?.message === 'string' ? err.message : '',
    ...(typeof retryAfter === 'number' && retryAfter > 0 ? { retryAfter } : {}),
    ...(err?.problem?.pause === 'short' || err?.problem?.pause === 'lock' ? { pause: err.problem.pause } : {}),
    ...(typeof err?.problem?.triesBeforePause === 'number' && err.problem.triesBeforePause >= 0 ? { triesBeforePause: err.problem.triesBeforePause } : {}),
  };
}

