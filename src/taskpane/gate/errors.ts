/** The gate's errors: the API's codes, the client's own for an unreachable server, and one shape for views. */
import { ErrorCode, networkErrorCode } from '../../shared/errors';
import type { GateError } from './types';

/** Error codes the gate branches on: the API's, and the client's own for an unreachable server. */
export const E = { ...ErrorCode, network: networkErrorCode } as const;

export function toGateError(e: unknown): GateError {
  const err = e as { code?: unknown; message?: unknown; status?: unknown; problem?: { retryAfter?: number; detail?: string } };
  const code = typeof err?.code === 'string' ? err.code : err?.status === 0 ? E.network : 'internal_error';
  const retryAfter = err?.problem?.retryAfter;
  return {
    code,
    message: typeof err?.problem?.detail === 'string' ? err.problem.detail : typeof err?.message === 'string' ? err.message : 'Something went wrong.',
    ...(typeof retryAfter === 'number' && retryAfter > 0 ? { retryAfter } : {}),
  };
}

