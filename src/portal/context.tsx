/** What every signed-in page shares: the session, the signed-in user (me), and step-up on demand. */
import { createContext, useContext } from 'react';
import type { ApiError } from '../shared/api-client';
import { formatDateTime } from '../shared/i18n/format';
import type { MeResponse } from '../shared/schemas';
import type { PortalSession } from './session';

export interface PortalContextValue {
  session: PortalSession;
  me: MeResponse;
  refreshMe(): Promise<MeResponse | null>;
  /**
   * Runs a sensitive action. When the server answers step_up_required, asks
   * for password + code, then runs it once more. Resolves undefined when the
   * user cancels the step-up.
   */
  withStepUp<T>(action: () => Promise<T>): Promise<T | undefined>;
}

export const PortalContext = createContext<PortalContextValue | null>(null);

export function usePortal(): PortalContextValue {
  const value = useContext(PortalContext);
  if (!value) throw new Error('usePortal outside the signed-in portal');
  return value;
}

/** Errors the sign-in screen already explains (the session ended): pages need not show them. */
export function endsSession(error: unknown): boolean {
  const code = (error as Partial<ApiError> | null)?.code;
  return code === 'session_expired' || code === 'credentials_changed' || code === 'unauthenticated';
}

export function asError(error: unknown): { code: string; message?: string; retryAfter?: number } {
  const e = error as Partial<ApiError> & { problem?: { detail?: string; retryAfter?: number } };
  return { code: typeof e?.code === 'string' ? e.code : 'internal_error', message: e?.problem?.detail ?? e?.message, retryAfter: e?.problem?.retryAfter };
}

/** A date and time in the active language and the browser's time zone ('—' when there is none). */
export const dateTime = (iso: string | null | undefined) => (iso ? formatDateTime(iso) : '—');
