/** "Approve with a passkey in your browser": the pane's request and wait, the approval page's steps. Thin: rules in services. */
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ApprovalPatterns, ApprovalPaths } from '../../shared/approval-routes';
import {
  ApprovalCreateRequest,
  ApprovalCreateResponse,
  ApprovalDecisionRequest,
  ApprovalDecisionResponse,
  ApprovalDetails,
  ApprovalParams,
  ApprovalPasskeyRequest,
  ApprovalStartResponse,
  ApprovalWaitResponse,
} from '../../shared/approval-schemas';
import { EmptyBody } from '../../shared/schemas';
import type { Services } from '../services';
import { bearer, requestContext, requirePending } from '../http/auth';

export function approvalRoutes(app: FastifyInstance, services: Services): void {
  app.post<{ Body: ApprovalCreateRequest }>(
    ApprovalPaths.create,
    {
      config: { auth: 'pending' },
      schema: { tags: ['sign-in'], summary: 'The add-in asks for approval with a passkey in the browser: a URL and a number to show', security: bearer, body: ApprovalCreateRequest, response: { 200: ApprovalCreateResponse } },
    },
    async (request, reply) => {
      const auth = await requirePending(services, request);
      reply.header('cache-control', 'no-store');
      // The approval page must be on the passkeys' relying party: PUBLIC_URL.
      return services.approvals.create(auth, request.body, services.passkeys.origin, requestContext(request, auth));
    },
  );

  app.post<{ Params: ApprovalParams }>(
    ApprovalPatterns.wait,
    {
      config: { auth: 'pending' },
      schema: { tags: ['sign-in'], summary: 'The add-in waits: still waiting, its session (once), or how the request ended', security: bearer, params: ApprovalParams, body: Type.Optional(EmptyBody), response: { 200: ApprovalWaitResponse } },
    },
    async (request, reply) => {
      const auth = await requirePending(services, request);
      reply.header('cache-control', 'no-store');
      return services.approvals.wait(auth, request.params.id, requestContext(request, auth));
    },
  );

  app.post<{ Params: ApprovalParams }>(
    ApprovalPatterns.start,
    { schema: { tags: ['sign-in'], summary: 'The approval page: passkey options while the request is open', params: ApprovalParams, body: Type.Optional(EmptyBody), response: { 200: ApprovalStartResponse } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return services.approvals.start(request.params.id);
    },
  );

  app.post<{ Params: ApprovalParams; Body: ApprovalPasskeyRequest }>(
    ApprovalPatterns.passkey,
    { schema: { tags: ['sign-in'], summary: "The approval page: the user's passkey; answers what asks for access and the numbers to choose from", params: ApprovalParams, body: ApprovalPasskeyRequest, response: { 200: ApprovalDetails } } },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      return services.approvals.passkey(request.params.id, request.body.response, requestContext(request));
    },
  );

  app.post<{ Params: ApprovalParams; Body: ApprovalDecisionRequest }>(
    ApprovalPatterns.decide,
    { schema: { tags: ['sign-in'], summary: 'The approval page: approve with the number shown in Outlook, or deny', params: ApprovalParams, body: ApprovalDecisionRequest, response: { 200: ApprovalDecisionResponse } } },
    async (request) => services.approvals.decide(request.params.id, request.body, requestContext(request)),
  );
}
