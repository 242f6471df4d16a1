import { requestLocale } from './problem';
/**
 * Bearer tokens → the caller's pending sign-in or session. A route declares
 * what it needs in `config.auth`; the check runs on request, before the body
 * is even parsed, so a wrong token never reaches validation or the handler.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/errors';
import type { RequestContext } from '../services/audit';
import { msg, ServiceError } from '../services/errors';
import type { Services } from '../services';
import type { PendingAuth, SessionAuth } from '../services/tokens';

export type AuthRequirement = 'session' | 'pending' | 'pending-or-session';

/** OpenAPI `security` of a bearer-token route; a route that has it needs a session unless `config.auth` says otherwise. */
export const bearer = [{ bearer: [] as string[] }];

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: AuthRequirement;
  }
  interface FastifyRequest {
    auth?: PendingAuth | SessionAuth;
  }
}

export function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  // The scheme is case-insensitive (RFC 9110 §11.1); the token is not.
  const match = header ? /^bearer +([A-Za-z0-9_-]{20,200})$/i.exec(header) : null;
  if (!match?.[1]) throw new ServiceError(ErrorCode.unauthenticated, 401, msg('server.error.unauthenticated'));
  return match[1];
}

export function requestContext(request: FastifyRequest, auth?: PendingAuth | SessionAuth): RequestContext {
  return {
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    clientType: auth?.token.client_type ?? null,
    locale: requestLocale(request),
  };
}

/** Enrollment routes take either: a pending token (enroll at sign-in) or a session (Account Settings). */
function pendingOrSession(services: Services, token: string): Promise<PendingAuth | SessionAuth> {
  return services.tokens.authenticatePendingOrSession(token);
}

async function authenticate(services: Services, request: FastifyRequest, need: AuthRequirement): Promise<PendingAuth | SessionAuth> {
  const token = bearerToken(request);
  if (need === 'session') return services.tokens.authenticateSession(token);
  if (need === 'pending') return services.tokens.authenticatePending(token);
  return pendingOrSession(services, token);
}

export function installAuthHook(app: FastifyInstance, services: Services): void {
  app.addHook('onRequest', async (request) => {
    // A route documented as bearer-secured needs a session unless it says otherwise.
    const secured = ((request.routeOptions.schema as { security?: unknown[] } | undefined)?.security?.length ?? 0) > 0;
    const need = request.routeOptions.config?.auth ?? (secured ? 'session' : undefined);
    if (need) request.auth = await authenticate(services, request, need);
  });
}

/** The session of this request (authenticated on request when the route says `auth: 'session'`). */
export async function requireSession(services: Services, request: FastifyRequest): Promise<SessionAuth> {
  if (request.auth?.kind === 'session') return request.auth;
  return services.tokens.authenticateSession(bearerToken(request));
}

export async function requirePending(services: Services, request: FastifyRequest): Promise<PendingAuth> {
  if (request.auth?.kind === 'pending') return request.auth;
  return services.tokens.authenticatePending(bearerToken(request));
}

export async function requirePendingOrSession(services: Services, request: FastifyRequest): Promise<PendingAuth | SessionAuth> {
  return request.auth ?? pendingOrSession(services, bearerToken(request));
}

export function requireAdmin(auth: SessionAuth): void {
  if (auth.user.role !== 'admin') throw new ServiceError(ErrorCode.forbidden, 403, msg('server.error.adminOnly'));
}
