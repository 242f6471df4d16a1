/** Passkey routes: thin; the rules live in PasskeyService and PasskeyAuthService. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { PasskeyPaths, PasskeyPatterns } from '../../shared/passkey-routes';
import {
  PasskeyAddRequest,
  PasskeyCreationOptionsResponse,
  PasskeyOptionsResponse,
  PasskeyResponse,
  PasskeySignInRequest,
  PasskeysResponse,
} from '../../shared/passkey-schemas';
import { EmptyBody, SessionResponse, SignInResponse, StepUpResponse } from '../../shared/schemas';
import type { Services } from '../services';
import { iso } from '../services/tokens';
import { bearer, requestContext, requirePending, requireSession } from '../http/auth';

const PasskeyIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 1400, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false });
const body = Type.Optional(EmptyBody);

export function passkeyRoutes(app: FastifyInstance, services: Services): void {
  const { passkeys, passkeyAuth } = services;

  app.post(
    PasskeyPaths.signInOptions,
    { schema: { tags: ['sign-in'], summary: 'Passkey sign-in without a username: WebAuthn request options (a 2-minute, single-use challenge)', body, response: { 200: PasskeyOptionsResponse } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return passkeyAuth.signInOptions(requestContext(request));
    },
  );

  app.post<{ Body: PasskeySignInRequest }>(
    PasskeyPaths.signIn,
    { schema: { tags: ['sign-in'], summary: 'Sign in with a user-verifying passkey (no password): opens a session', body: PasskeySignInRequest, response: { 200: SignInResponse } } },
    async (request) => passkeyAuth.signInWithPasskey(request.body.response, { ...requestContext(request), clientType: 'web' }),
  );

  app.post(
    PasskeyPaths.verifyOptions,
    { config: { auth: 'pending' }, schema: { tags: ['sign-in'], summary: 'Second step with a passkey: request options for the user’s own passkeys', security: bearer, body, response: { 200: PasskeyOptionsResponse } } },
    async (request, reply) => {
      const auth = await requirePending(services, request);
      reply.header('cache-control', 'no-store');
      return passkeyAuth.verifyOptions(auth);
    },
  );

  app.post<{ Body: PasskeySignInRequest }>(
    PasskeyPaths.verify,
    { config: { auth: 'pending' }, schema: { tags: ['sign-in'], summary: 'Second step with a passkey: spends the pending token, opens a session', security: bearer, body: PasskeySignInRequest, response: { 200: SessionResponse } } },
    async (request) => {
      const auth = await requirePending(services, request);
      return { session: await passkeyAuth.verify(auth, request.body.response, requestContext(request, auth)) };
    },
  );

  app.get(
    PasskeyPaths.list,
    { config: { auth: 'session' }, schema: { tags: ['account'], summary: 'My passkeys', security: bearer, response: { 200: PasskeysResponse } } },
    async (request) => {
      const auth = await requireSession(services, request);
      return { passkeys: await passkeys.list(auth.user.id), allowed: auth.policy.passkeysAllowed };
    },
  );

  app.post(
    PasskeyPaths.registrationOptions,
    { config: { auth: 'session' }, schema: { tags: ['account'], summary: 'Add a passkey (after step-up): WebAuthn creation options', security: bearer, body, response: { 200: PasskeyCreationOptionsResponse } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      services.account.requireStepUp(auth);
      reply.header('cache-control', 'no-store');
      const options = await passkeys.registrationOptions(auth.user);
      return { options, expiresAt: iso(services.clock.now() + (options.timeout ?? 120_000)) };
    },
  );

  app.post<{ Body: PasskeyAddRequest }>(
    PasskeyPaths.list,
    { config: { auth: 'session' }, schema: { tags: ['account'], summary: 'Add a passkey (after step-up): the browser’s new credential and its name', security: bearer, body: PasskeyAddRequest, response: { 200: PasskeyResponse } } },
    async (request) => {
      const auth = await requireSession(services, request);
      services.account.requireStepUp(auth);
      return { passkey: await passkeys.register(auth.user, request.body.name, request.body.response, requestContext(request, auth)) };
    },
  );

  app.delete<{ Params: { id: string } }>(
    PasskeyPatterns.passkey,
    { config: { auth: 'session' }, schema: { tags: ['account'], summary: 'Remove a passkey (after step-up)', security: bearer, params: PasskeyIdParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      await services.account.removePasskey(auth, request.params.id, requestContext(request, auth));
      return reply.code(204).send();
    },
  );

  app.post(
    PasskeyPaths.stepUpOptions,
    { config: { auth: 'session' }, schema: { tags: ['account'], summary: 'Step-up with a passkey: request options for the user’s own passkeys', security: bearer, body, response: { 200: PasskeyOptionsResponse } } },
    async (request, reply) => {
      const auth = await requireSession(services, request);
      reply.header('cache-control', 'no-store');
      return passkeyAuth.stepUpOptions(auth);
    },
  );

  app.post<{ Body: PasskeySignInRequest }>(
    PasskeyPaths.stepUp,
    { config: { auth: 'session' }, schema: { tags: ['account'], summary: 'Step-up with a user-verifying passkey', security: bearer, body: PasskeySignInRequest, response: { 200: StepUpResponse } } },
    async (request) => {
      const auth = await requireSession(services, request);
      const until = await passkeyAuth.stepUp(auth, request.body.response, requestContext(request, auth));
      return { stepUpExpiresAt: iso(until) };
    },
  );
}
