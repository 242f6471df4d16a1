/** Bearer tokens → the caller's pending sign-in or session, per route. */
import type { FastifyRequest } from 'fastify';
import { ErrorCode } from '../../shared/errors';
import type { RequestContext } from '../services/audit';
import { ServiceError } from '../services/errors';
import type { Services } from '../services';
import type { PendingAuth, SessionAuth } from '../services/tokens';

export function bearer(request: FastifyRequest): string {
  const header = request.headers.authorization;
  const match = header ? /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header) : null;
  if (!match?.[1]) throw new ServiceError(ErrorCode.unauthenticated, 401, 'Sign in to continue.');
  return match[1];
}

export function requestContext(request: FastifyRequest, auth?: PendingAuth | SessionAuth): RequestContext {
  return {
    ip: request.ip ?? null,
    userAgent: request.headers['user-agent']?.slice(0, 300) ?? null,
    clientType: auth?.token.client_type ?? null,
  };
}

export const requireSession = (services: Services, request: FastifyRequest) =>
  services.tokens.authenticateSession(bearer(request));

export const requirePending = (services: Services, request: FastifyRequest) =>
  services.tokens.authenticatePending(bearer(request));

/** Enrollment routes take either: a pending token (enroll at sign-in) or a session (Account Settings). */
export async function requirePendingOrSession(services: Services, request: FastifyRequest): Promise<PendingAuth | SessionAuth> {
  const token = bearer(request);
  try {
    return await services.tokens.authenticateSession(token);
  } catch (error) {
    if (error instanceof ServiceError && error.code === ErrorCode.unauthenticated) {
      return services.tokens.authenticatePending(token);
    }
    throw error;
  }
}

export function requireAdmin(auth: SessionAuth): void {
  if (auth.user.role !== 'admin') throw new ServiceError(ErrorCode.forbidden, 403, 'Only an administrator can do this.');
}
