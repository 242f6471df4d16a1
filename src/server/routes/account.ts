/** The signed-in user's own account: profile, policy, step-up, password, backup codes, factors, sessions. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Paths, Patterns } from '../../shared/routes';
import {
  BackupCodesResponse,
  ChangePasswordRequest,
  CountResponse,
  EmptyBody,
  IdParams,
  MeResponse,
  PolicyInfo,
  PolicyQuery,
  SessionsResponse,
  StepUpRequest,
  StepUpResponse,
} from '../../shared/schemas';
import type { Services } from '../services';
import { policyInfo } from '../services/policy';
import { iso } from '../services/tokens';
import { notFound } from '../services/errors';
import { bearer, requestContext, requireSession } from '../http/auth';

const tags = ['account'];

export function accountRoutes(app: FastifyInstance, services: Services): void {
  app.get(Paths.me, { config: { auth: 'session' }, schema: { tags, summary: 'Who am I, my methods, my session', security: bearer, response: { 200: MeResponse } } }, async (request) => {
    const auth = await requireSession(services, request);
    const me = { ...(await services.account.me(auth)), ...(await services.preferences.get(auth.user.id)) };
    // Read with the session itself (TokenService's joined read).
    return Number(auth.user.password_change_required ?? 0) === 1 ? { ...me, passwordChangeRequired: true } : me;
  });

  app.get<{ Querystring: PolicyQuery }>(
    Paths.policy,
    { config: { auth: 'session' }, schema: { tags, summary: 'The org policy that applies to this client', security: bearer, querystring: PolicyQuery, response: { 200: PolicyInfo } } },
    async (request) => {
      const auth = await requireSession(services, request);
      return policyInfo(auth.policy, request.query.clientType ?? (auth.token.client_type as never));
    },
  );

  app.post<{ Body: StepUpRequest }>(
    Paths.stepUp,
    { config: { auth: 'session' }, schema: { tags, summary: 'Fresh password + second factor for sensitive changes', security: bearer, body: StepUpRequest, response: { 200: StepUpResponse } } },
    async (request) => {
      const auth = await requireSession(services, request);
      const { password, ...second } = request.body;
      const until = await services.account.stepUp(auth, password, second, requestContext(request, auth));
      return { stepUpExpiresAt: iso(until) };
    },
  );

  app.post<{ Body: ChangePasswordRequest }>(
    Paths.changePassword,
    { config: { auth: 'session' }, schema: { tags, summary: 'Change password (old password + second factor); other sessions end', security: bearer, body: ChangePasswordRequest, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      const { currentPassword, newPassword, ...second } = request.body;
      const required = await services.passwordChange.isRequired(auth.user.id);
      await services.account.changePassword(auth, currentPassword, newPassword, second, requestContext(request, auth), required);
      if (required) await services.passwordChange.clear(auth.user.id);
      return reply.code(204).send();
    },
  );

  app.post(
    Paths.backupCodes,
    { config: { auth: 'session' }, schema: { tags, summary: 'Regenerate backup codes (step-up); the old set stops working', security: bearer, body: Type.Optional(EmptyBody), response: { 200: BackupCodesResponse } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      reply.header('cache-control', 'no-store');
      return { codes: await services.account.regenerateBackupCodes(auth, requestContext(request, auth)) };
    },
  );

  app.delete<{ Params: IdParams }>(
    Patterns.factor,
    { config: { auth: 'session' }, schema: { tags, summary: 'Remove a method (step-up); the last one turns 2FA off', security: bearer, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      await services.account.removeFactor(auth, request.params.id, requestContext(request, auth));
      return reply.code(204).send();
    },
  );

  app.get(Paths.sessions, { config: { auth: 'session' }, schema: { tags, summary: 'My live sessions', security: bearer, response: { 200: SessionsResponse } } }, async (request) => {
    const auth = await requireSession(services, request);
    return { sessions: await services.tokens.list(auth) };
  });

  app.delete<{ Params: IdParams }>(
    Patterns.session,
    { config: { auth: 'session' }, schema: { tags, summary: 'End one of my sessions', security: bearer, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      if (!(await services.tokens.revoke(auth.user.id, request.params.id))) throw notFound('session');
      await services.audit.record({ event: 'session.revoked', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: request.ip, clientType: auth.token.client_type, detail: { session: request.params.id } });
      return reply.code(204).send();
    },
  );

  app.post(
    Paths.revokeOtherSessions,
    { config: { auth: 'session' }, schema: { tags, summary: 'Sign out everywhere else', security: bearer, body: Type.Optional(EmptyBody), response: { 200: CountResponse } } },
    async (request) => {
      const auth = await requireSession(services, request);
      const count = await services.tokens.revokeAll(auth.user.id, auth.token.id);
      await services.audit.record({ event: 'session.revoked_others', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: request.ip, clientType: auth.token.client_type, detail: { count } });
      return { count };
    },
  );
}
