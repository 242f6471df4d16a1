/** Client registrations of the signed-in user. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Paths, Patterns } from '../../shared/routes';
import { IdParams, RegistrationCreateRequest, RegistrationCreateResponse, RegistrationsResponse } from '../../shared/schemas';
import type { Services } from '../services';
import { bearer, requestContext, requireSession } from '../http/auth';

const tags = ['devices'];

export function registrationRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Body: RegistrationCreateRequest }>(
    Paths.registrations,
    { config: { auth: 'session' }, schema: { tags, summary: 'Register this device (right after a full sign-in)', security: bearer, body: RegistrationCreateRequest, response: { 201: RegistrationCreateResponse } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      const created = await services.registrations.create(auth, request.body, requestContext(request, auth));
      return reply.code(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.get(Paths.registrations, { config: { auth: 'session' }, schema: { tags, summary: 'My registered devices', security: bearer, response: { 200: RegistrationsResponse } } }, async (request) => {
    const auth = await requireSession(services, request);
    return { registrations: await services.registrations.list(auth.user.id, auth.user.credential_epoch, auth.token.registration_id) };
  });

  app.delete<{ Params: IdParams }>(
    Patterns.registration,
    { config: { auth: 'session' }, schema: { tags, summary: 'Revoke a device: it must sign in with password + code again', security: bearer, params: IdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      await services.registrations.revoke(auth.user.id, request.params.id, { ...requestContext(request, auth), orgId: auth.user.org_id, actorId: auth.user.id });
      return reply.code(204).send();
    },
  );
}
