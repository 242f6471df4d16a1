/**
 * The admin API behind the portal's Admin pages: org policy, users, devices,
 * audit. Thin: AdminConsole holds the rules (admin role, own org only, step-up
 * for a 2FA reset, audit of every action).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AdminPaths, AdminPatterns } from '../../shared/admin-routes';
import {
  AdminAuditQuery,
  AdminAuditResponse,
  AdminCreateUserRequest,
  AdminPolicyResponse,
  AdminPolicyUpdate,
  AdminRegistrationParams,
  AdminUserParams,
  AdminUserResponse,
  AdminUsersQuery,
  AdminUsersResponse,
} from '../../shared/admin-schemas';
import { EmptyBody, RegistrationsResponse } from '../../shared/schemas';
import type { Services } from '../services';
import { AdminConsole } from '../services/admin-console';
import { bearer, requestContext, requireSession } from '../http/auth';

const tags = ['admin'];

export function adminRoutes(app: FastifyInstance, services: Services): void {
  const admin = new AdminConsole(services);
  const session = async (request: Parameters<typeof requireSession>[1]) => {
    const auth = await requireSession(services, request);
    return { auth, ctx: requestContext(request, auth) };
  };

  app.get(AdminPaths.policy, { schema: { tags, summary: 'The org policy and how many users are not yet enrolled', security: bearer, response: { 200: AdminPolicyResponse } } }, async (request) => {
    const { auth, ctx } = await session(request);
    return admin.policy(auth, ctx);
  });

  app.put<{ Body: AdminPolicyUpdate }>(
    AdminPaths.policy,
    { schema: { tags, summary: 'Change the org policy (Require Two-Step Authentication, methods, session limits)', security: bearer, body: AdminPolicyUpdate, response: { 200: AdminPolicyResponse } } },
    async (request) => {
      const { auth, ctx } = await session(request);
      return admin.setPolicy(auth, request.body, ctx);
    },
  );

  app.get<{ Querystring: AdminUsersQuery }>(
    AdminPaths.users,
    { schema: { tags, summary: 'Search and list the org’s users with their 2FA status', security: bearer, querystring: AdminUsersQuery, response: { 200: AdminUsersResponse } } },
    async (request) => {
      const { auth, ctx } = await session(request);
      return admin.users(auth, request.query, ctx);
    },
  );

  app.post<{ Body: AdminCreateUserRequest }>(
    AdminPaths.users,
    { schema: { tags, summary: 'Create a user in the admin’s org', security: bearer, body: AdminCreateUserRequest, response: { 201: AdminUserResponse } } },
    async (request, reply) => {
      const { auth, ctx } = await session(request);
      return reply.code(201).send({ user: await admin.createUser(auth, request.body, ctx) });
    },
  );

  app.get<{ Params: AdminUserParams }>(
    AdminPatterns.user,
    { schema: { tags, summary: 'One user of the org', security: bearer, params: AdminUserParams, response: { 200: AdminUserResponse } } },
    async (request) => {
      const { auth, ctx } = await session(request);
      return { user: await admin.user(auth, request.params.id, ctx) };
    },
  );

  app.post<{ Params: AdminUserParams }>(
    AdminPatterns.resetTwoFactor,
    { schema: { tags, summary: 'Reset a user’s 2FA (admin step-up); ends their sessions and devices', security: bearer, params: AdminUserParams, body: Type.Optional(EmptyBody), response: { 200: AdminUserResponse } } },
    async (request) => {
      const { auth, ctx } = await session(request);
      return { user: await admin.resetTwoFactor(auth, request.params.id, ctx) };
    },
  );

  app.post<{ Params: AdminUserParams }>(
    AdminPatterns.unlock,
    { schema: { tags, summary: 'Lift a lock after too many wrong codes', security: bearer, params: AdminUserParams, body: Type.Optional(EmptyBody), response: { 200: AdminUserResponse } } },
    async (request) => {
      const { auth, ctx } = await session(request);
      return { user: await admin.unlock(auth, request.params.id, ctx) };
    },
  );

  app.get<{ Params: AdminUserParams }>(
    AdminPatterns.userRegistrations,
    { schema: { tags, summary: 'A user’s registered clients (devices)', security: bearer, params: AdminUserParams, response: { 200: RegistrationsResponse } } },
    async (request) => {
      const { auth, ctx } = await session(request);
      return { registrations: await admin.registrations(auth, request.params.id, ctx) };
    },
  );

  app.delete<{ Params: AdminRegistrationParams }>(
    AdminPatterns.userRegistration,
    { schema: { tags, summary: 'Revoke one of a user’s devices', security: bearer, params: AdminRegistrationParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const { auth, ctx } = await session(request);
      await admin.revokeRegistration(auth, request.params.id, request.params.registrationId, ctx);
      return reply.code(204).send();
    },
  );

  app.get<{ Querystring: AdminAuditQuery }>(
    AdminPaths.audit,
    { schema: { tags, summary: 'The org’s audit log, newest first, filtered and paged', security: bearer, querystring: AdminAuditQuery, response: { 200: AdminAuditResponse } } },
    async (request) => {
      const { auth, ctx } = await session(request);
      return admin.audit(auth, request.query, ctx);
    },
  );

  app.get<{ Querystring: AdminAuditQuery }>(
    AdminPaths.auditExport,
    { schema: { tags, summary: 'The filtered audit log as CSV (text/csv)', security: bearer, querystring: AdminAuditQuery, produces: ['text/csv'] } },
    async (request, reply) => {
      const { auth, ctx } = await session(request);
      const { csv } = await admin.exportAudit(auth, request.query, ctx);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', 'attachment; filename="axis-cloudsync-audit.csv"')
        .header('cache-control', 'no-store')
        // A byte-order mark first: Excel then reads the file as UTF-8 (names with accents stay intact).
        .send(`\uFEFF${csv}`);
    },
  );
}
