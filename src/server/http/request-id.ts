/**
 * Every answer carries `x-request-id`, and the log line of the request has the
 * same id (`reqId`). A well-formed id sent by a proxy is kept, so one id
 * follows a request through the load balancer and the server; anything else
 * is replaced by a fresh UUID (an id is never an unbounded or odd string).
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';

export const requestIdHeader = 'x-request-id';

export function genReqId(request: IncomingMessage): string {
  const given = request.headers[requestIdHeader];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : crypto.randomUUID();
}

export function installRequestId(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply) => {
    reply.header(requestIdHeader, request.id);
  });
}
