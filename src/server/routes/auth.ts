/** Sign-in and enrollment routes: thin; the rules live in services. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { Paths } from '../../shared/routes';
import {
  DeviceChallengeRequest,
  DeviceChallengeResponse,
  DeviceSignInRequest,
  EnrollConfirmRequest,
  EnrollConfirmResponse,
  PasswordSignInRequest,
  SessionResponse,
  SignInResponse,
  TotpEnrollStartRequest,
  TotpEnrollStartResponse,
  VerifyRequest,
} from '../../shared/schemas';
import type { Services } from '../services';
import { bearer, requestContext, requirePending, requirePendingOrSession, requireSession } from '../http/auth';


export function authRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Body: PasswordSignInRequest }>(
    Paths.signInPassword,
    { schema: { tags: ['sign-in'], summary: 'Password step: answers what comes next', body: PasswordSignInRequest, response: { 200: SignInResponse } } },
    async (request) => {
      const { username, password, client } = request.body;
      const ctx = { ...requestContext(request), clientType: client?.type ?? null };
      return services.signIn.withPassword(username, password, client, ctx);
    },
  );

  app.post<{ Body: DeviceSignInRequest }>(
    Paths.signInDevice,
    { schema: { tags: ['sign-in'], summary: 'A registered device starts a sign-in without the password', body: DeviceSignInRequest, response: { 200: SignInResponse } } },
    async (request) => services.signIn.withDevice(request.body, requestContext(request)),
  );

  app.post<{ Body: DeviceChallengeRequest }>(
    Paths.deviceChallenge,
    { schema: { tags: ['sign-in'], summary: 'A one-time challenge for a key-bound device to sign (then POST auth/device)', body: DeviceChallengeRequest, response: { 200: DeviceChallengeResponse } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return services.signIn.deviceChallenge(request.body.registrationId);
    },
  );

  app.post<{ Body: VerifyRequest }>(
    Paths.verify,
    { config: { auth: 'pending' }, schema: { tags: ['sign-in'], summary: 'Second factor: spends the pending token, opens a session', security: bearer, body: VerifyRequest, response: { 200: SessionResponse } } },
    async (request) => {
      const auth = await requirePending(services, request);
      return { session: await services.signIn.verify(auth, request.body, requestContext(request, auth)) };
    },
  );

  app.post<{ Body: VerifyRequest }>(
    Paths.enrollProve,
    {
      config: { auth: 'pending' },
      schema: {
        tags: ['enrollment'],
        summary: 'Before re-enrolling (sign-in answered enroll with proofRequired): a code from a factor the user holds, even one now off for sign-in, or a backup code; answers an enroll pending token',
        security: bearer,
        body: VerifyRequest,
        response: { 200: SignInResponse },
      },
    },
    async (request) => {
      const auth = await requirePending(services, request);
      return services.signIn.proveForEnrollment(auth, request.body, requestContext(request, auth));
    },
  );

  app.post<{ Body: TotpEnrollStartRequest }>(
    Paths.enrollTotpStart,
    { config: { auth: 'pending-or-session' }, schema: { tags: ['enrollment'], summary: 'Start an authenticator-app enrollment', security: bearer, body: TotpEnrollStartRequest, response: { 200: TotpEnrollStartResponse } } },
    async (request, reply) => {
      const auth = await requirePendingOrSession(services, request);
      reply.header('cache-control', 'no-store');
      return services.enrollment.startTotp(auth, request.body.label, requestContext(request, auth));
    },
  );

  app.post<{ Body: EnrollConfirmRequest }>(
    Paths.enrollConfirm,
    { config: { auth: 'pending-or-session' }, schema: { tags: ['enrollment'], summary: 'Confirm a factor with its first code', security: bearer, body: EnrollConfirmRequest, response: { 200: EnrollConfirmResponse } } },
    async (request) => {
      const auth = await requirePendingOrSession(services, request);
      return services.enrollment.confirm(auth, request.body.factorId, request.body.code, requestContext(request, auth));
    },
  );

  // Sign-out takes no body: none, an empty one or `{}` all end the session (clients differ in what they send).
  app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, optionalJson);
    scope.post(
      Paths.signOut,
      { config: { auth: 'session' }, schema: { tags: ['sign-in'], summary: 'End this session (no request body needed)', security: bearer, response: { 204: Type.Null() } } },
      async (request, reply) => {
        const auth = await requireSession(services, request);
        await services.tokens.revoke(auth.user.id, auth.token.id);
        await services.audit.record({ event: 'session.signed_out', outcome: 'success', orgId: auth.user.org_id, userId: auth.user.id, ip: request.ip, clientType: auth.token.client_type });
        return reply.code(204).send();
      },
    );
  });
}

/** JSON where the body may be left out: an empty body parses as nothing; anything else must still be valid JSON. */
function optionalJson(_request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void {
  const text = body.toString();
  if (text.trim() === '') return done(null, undefined);
  try {
    done(null, JSON.parse(text));
  } catch {
    done(Object.assign(new Error('The request body is not valid JSON.'), { statusCode: 400, code: 'FST_ERR_CTP_INVALID_JSON_BODY' }));
  }
}
