/** Every error leaves as application/problem+json with a stable code; a client's mistake is never a 500. */
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, problemTypeBase, type Problem } from '../../shared/errors';
import { ServiceError } from '../services/errors';
import { databaseRetryAfterSeconds, isDatabaseUnavailable } from '../db/outage';

const titles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  408: 'Request timeout',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal server error',
  503: 'Service unavailable',
};

export function problem(status: number, code: ErrorCode, detail: string, extra: Partial<Problem> = {}): Problem {
  return { type: problemTypeBase + code, title: titles[status] ?? 'Error', status, code, detail, ...extra };
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  if (body.retryAfter) reply.header('retry-after', String(body.retryAfter));
  if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="axis-cloudsync"');
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** Maps whatever was thrown to a problem. */
export function toProblem(error: FastifyError | Error, request: FastifyRequest): Problem {
  if (error instanceof ServiceError) {
    return problem(error.status, error.code, error.message, error.retryAfter ? { retryAfter: error.retryAfter } : {});
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const errors = fastifyError.validation.map((v) => ({
      path: `${fastifyError.validationContext ?? 'body'}${v.instancePath || ''}`,
      message: v.keyword === 'additionalProperties' ? `unknown field "${String((v.params as { additionalProperty?: string }).additionalProperty)}"` : (v.message ?? 'is not valid'),
    }));
    return problem(400, ErrorCode.invalidRequest, `The request is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`, { errors });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return problem(413, ErrorCode.payloadTooLarge, 'The request body is too large.');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return problem(415, ErrorCode.unsupportedMediaType, 'Send the request body as application/json.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return problem(400, ErrorCode.invalidRequest, 'The request body is empty; send a JSON object.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return problem(400, ErrorCode.invalidRequest, 'The request body is not valid JSON.');
    case 'FST_ERR_BAD_URL':
      return problem(400, ErrorCode.invalidRequest, 'The address is not valid: a part of the path is not correctly percent-encoded.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return problem(414, ErrorCode.invalidRequest, 'The address is too long: a part of the path is longer than any valid id.');
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return problem(status, status === 404 ? ErrorCode.notFound : ErrorCode.invalidRequest, 'The request could not be processed.');
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'database unavailable');
    return problem(503, ErrorCode.unavailable, 'The service cannot reach its database right now. Nothing was changed; try again in a moment.', { retryAfter: databaseRetryAfterSeconds });
  }
  request.log.error({ err: error }, 'unhandled error');
  return problem(500, ErrorCode.internal, 'Something went wrong on our side. Try again in a moment.');
}

/**
 * Fastify's router answers some requests before any handler or error handler runs (a path parameter that is
 * not valid percent-encoding, or longer than maxParamLength): `frameworkErrors` maps them to problems too.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, toProblem(error, request));
}

const rawProblem = (status: number, detail: string): string => {
  const body = JSON.stringify(problem(status, ErrorCode.invalidRequest, detail));
  return `HTTP/1.1 ${status} ${titles[status] ?? 'Bad request'}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
};

/**
 * Errors Node's HTTP parser raises before Fastify sees a request (headers or query larger than the server
 * takes, malformed requests): still problem+json, written to the socket as Node would write its plain answer.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || socket.destroyed || !socket.writable) {
    socket.destroy();
    return;
  }
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    socket.end(rawProblem(408, 'The request took too long to arrive.'));
    return;
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    socket.end(rawProblem(431, 'The request headers (or the query string) are larger than the server accepts.'));
    return;
  }
  socket.end(rawProblem(400, 'The request is not valid HTTP.'));
}
