/**
 * The portal's sign-in state. The session's bearer token lives in memory and
 * in sessionStorage (this tab only, gone when the tab closes) — never in
 * localStorage or a cookie — and travels in the Authorization header, so the
 * portal needs no CSRF token. When the server says the session ended, the
 * listeners hear it and the portal asks for a sign-in again.
 */
import { AdminClient } from '../shared/admin-client';
import { currentLocale } from '../shared/i18n/runtime';
import { ApiClient, type ApiError } from '../shared/api-client';
import { Paths } from '../shared/routes';
import type { SessionGrant, UserSummary } from '../shared/schemas';

export const SESSION_KEY = 'axis.portal.session';

export interface StoredSession {
  token: string;
  user: UserSummary;
}

export type SessionEvent = { kind: 'signed-in'; user: UserSummary } | { kind: 'expired'; code: string; user: UserSummary | null } | { kind: 'signed-out' };

export class PortalSession {
  readonly api: ApiClient;
  readonly admin: AdminClient;
  private current: StoredSession | null = null;
  private readonly listeners = new Set<(event: SessionEvent) => void>();

  constructor(
    private readonly storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null,
    baseUrl = '',
  ) {
    this.api = new ApiClient({ baseUrl, onAuthFailure: (error) => this.expire(error), language: currentLocale });
    this.admin = new AdminClient(this.api);
    this.current = this.read();
    this.api.setToken(this.current?.token ?? null);
  }

  get user(): UserSummary | null {
    return this.current?.user ?? null;
  }

  private read(): StoredSession | null {
    try {
      const raw = this.storage?.getItem(SESSION_KEY);
      if (!raw) return null;
      const parsed = JSON.parse(raw) as StoredSession;
      return typeof parsed?.token === 'string' && parsed.user ? parsed : null;
    } catch {
      return null;
    }
  }

  subscribe(listener: (event: SessionEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SessionEvent): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  start(grant: SessionGrant): void {
    this.current = { token: grant.token, user: grant.user };
    this.api.setToken(grant.token);
    try {
      this.storage?.setItem(SESSION_KEY, JSON.stringify(this.current));
    } catch {
      // Storage full or blocked: the session still lives in memory for this page.
    }
    this.emit({ kind: 'signed-in', user: grant.user });
  }

  private forget(): void {
    this.current = null;
    this.api.setToken(null);
    try {
      this.storage?.removeItem(SESSION_KEY);
    } catch {
      /* nothing stored */
    }
  }

  /** The server refused the token (expired, credentials changed, revoked). */
  expire(error: Pick<ApiError, 'code'>): void {
    const user = this.current?.user ?? null;
    if (!this.current) return;
    this.forget();
    this.emit({ kind: 'expired', code: error.code, user });
  }

  async signOut(): Promise<void> {
    const token = this.current?.token ?? null;
    this.forget();
    try {
      if (token) await this.api.request('POST', Paths.signOut, {}, token);
    } catch {
      // Already ended on the server, or unreachable: forgotten here either way.
    }
    this.emit({ kind: 'signed-out' });
  }
}
