/** Every error leaves as application/problem+json with a stable code; a client's mistake is never a 500. */
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode, problemTypeBase, type Problem } from '../../shared/errors';
import { ServiceError } from '../services/errors';
import { translator, type Translate } from '../i18n/translator';
import { chooseLocale, parseAcceptLanguage, type Locale } from '../../shared/i18n/locales';
import type { MessageDescriptor } from '../../shared/i18n/message-ids';
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

/**
 * The language an error's `detail` is written in: the request's Accept-Language (a region falls back to its
 * language; `qps-ploc` gives the pseudo-locale), else English.
 */
export function requestLocale(request: FastifyRequest): Locale {
  const header = request.headers['accept-language'];
  return chooseLocale(parseAcceptLanguage(Array.isArray(header) ? header.join(',') : header), true);
}

/** A problem whose detail is a message, written in the request's language. */
export function localProblem(request: FastifyRequest, status: number, code: ErrorCode, detail: MessageDescriptor, extra: Partial<Problem> = {}): Problem {
  return problem(status, code, translator(requestLocale(request))(detail.id, detail.values), extra);
}

export function sendProblem(reply: FastifyReply, body: Problem): FastifyReply {
  reply.header('content-language', requestLocale(reply.request));
  if (body.retryAfter) reply.header('retry-after', String(body.retryAfter));
  if (body.status === 401) reply.header('www-authenticate', 'Bearer realm="axis-cloudsync"');
  return reply.code(body.status).type('application/problem+json').send(body);
}

/** Maps whatever was thrown to a problem. */
export function toProblem(error: FastifyError | Error, request: FastifyRequest): Problem {
  const translate: Translate = translator(requestLocale(request));
  const say = (status: number, code: ErrorCode, detail: MessageDescriptor, extra: Partial<Problem> = {}) => problem(status, code, translate(detail.id, detail.values), extra);
  if (error instanceof ServiceError) {
    const { pause, triesBeforePause } = error.extras;
    return problem(error.status, error.code, error.render(translate), {
      ...(error.retryAfter ? { retryAfter: error.retryAfter } : {}),
      ...(pause ? { pause } : {}),
      ...(triesBeforePause !== undefined ? { triesBeforePause } : {}),
    });
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    // `errors` keeps the validator's own (English, technical) words per field; the detail names the fields.
    const errors = fastifyError.validation.map((v) => ({
      path: `${fastifyError.validationContext ?? 'body'}${v.instancePath || ''}`,
      message: v.keyword === 'additionalProperties' ? `unknown field "${String((v.params as { additionalProperty?: string }).additionalProperty)}"` : (v.message ?? 'is not valid'),
    }));
    const fields = [...new Set(errors.map((e) => (e.message.startsWith('unknown field') ? `${e.path} (${e.message})` : e.path)))].join(', ');
    return say(400, ErrorCode.invalidRequest, { id: 'server.error.validation', values: { fields } }, { errors });
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return say(413, ErrorCode.payloadTooLarge, { id: 'server.error.bodyTooLarge' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return say(415, ErrorCode.unsupportedMediaType, { id: 'server.error.mediaType' });
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return say(400, ErrorCode.invalidRequest, { id: 'server.error.emptyBody' });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return say(400, ErrorCode.invalidRequest, { id: 'server.error.invalidJson' });
    case 'FST_ERR_BAD_URL':
      return say(400, ErrorCode.invalidRequest, { id: 'server.error.badUrl' });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return say(414, ErrorCode.invalidRequest, { id: 'server.error.paramTooLong' });
  }
  const status = fastifyError.statusCode;
  if (status && status >= 400 && status < 500) {
    return say(status, status === 404 ? ErrorCode.notFound : ErrorCode.invalidRequest, { id: 'server.error.unprocessable' });
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: error }, 'database unavailable');
    return say(503, ErrorCode.unavailable, { id: 'server.error.databaseDown' }, { retryAfter: databaseRetryAfterSeconds });
  }
  request.log.error({ err: error }, 'unhandled error');
  return say(500, ErrorCode.internal, { id: 'server.error.internal' });
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
  return `HTTP/1.1 ${status} ${titles[status] ?? 'Bad request'}\r\nContent-Type: application/problem+json\r\nContent-Language: en\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
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
