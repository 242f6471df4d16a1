/**
 * SMS and email codes: send a code (sign-in or step-up), enroll a phone number
 * or address, resend an enrollment code. Development only: the outbox (JSON
 * and a small page), never registered in production.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { ErrorCode } from '../../shared/errors';
import { Paths } from '../../shared/routes';
import {
  DeliveredEnrollStartResponse,
  EmailEnrollStartRequest,
  EnrollResendRequest,
  SendCodeRequest,
  SendCodeResponse,
  SmsEnrollStartRequest,
} from '../../shared/schemas';
import type { AppConfig } from '../app';
import { escapeHtml } from '../delivery/messages';
import type { Services } from '../services';
import { msg, ServiceError } from '../services/errors';
import { bearer, requestContext, requirePendingOrSession } from '../http/auth';


export const DevOutboxQuery = Type.Object({ limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })) }, { additionalProperties: false });

export function deliveryRoutes(app: FastifyInstance, services: Services, config: Pick<AppConfig, 'production'>): void {
  app.post<{ Body: SendCodeRequest }>(
    Paths.sendCode,
    {
      config: { auth: 'pending-or-session' },
      schema: {
        tags: ['sign-in'],
        summary: 'Send an SMS or email code for this sign-in (pending token) or step-up (session). Same answer whether or not a code went out.',
        security: bearer,
        body: SendCodeRequest,
        response: { 202: SendCodeResponse },
      },
    },
    async (request, reply) => {
      const auth = await requirePendingOrSession(services, request);
      const answer = await services.delivered.sendForAttempt(auth, request.body, requestContext(request, auth));
      return reply.code(202).send(answer);
    },
  );

  app.post<{ Body: SmsEnrollStartRequest }>(
    Paths.enrollSmsStart,
    { config: { auth: 'pending-or-session' }, schema: { tags: ['enrollment'], summary: 'Start a text-message enrollment: a code goes to the number', security: bearer, body: SmsEnrollStartRequest, response: { 200: DeliveredEnrollStartResponse } } },
    async (request) => {
      const auth = await requirePendingOrSession(services, request);
      const { phoneNumber, defaultCountry, label } = request.body;
      return services.delivered.startEnrollment(auth, 'sms', phoneNumber, { label, defaultCountry }, requestContext(request, auth));
    },
  );

  app.post<{ Body: EmailEnrollStartRequest }>(
    Paths.enrollEmailStart,
    { config: { auth: 'pending-or-session' }, schema: { tags: ['enrollment'], summary: 'Start an email-code enrollment: a code goes to the address', security: bearer, body: EmailEnrollStartRequest, response: { 200: DeliveredEnrollStartResponse } } },
    async (request) => {
      const auth = await requirePendingOrSession(services, request);
      return services.delivered.startEnrollment(auth, 'email', request.body.email, { label: request.body.label }, requestContext(request, auth));
    },
  );

  app.post<{ Body: EnrollResendRequest }>(
    Paths.enrollResend,
    { config: { auth: 'pending-or-session' }, schema: { tags: ['enrollment'], summary: 'Send a new code for an unconfirmed SMS/email enrollment (the old one stops working)', security: bearer, body: EnrollResendRequest, response: { 200: DeliveredEnrollStartResponse } } },
    async (request) => {
      const auth = await requirePendingOrSession(services, request);
      return services.delivered.resendEnrollment(auth, request.body.factorId, requestContext(request, auth));
    },
  );

  const outbox = services.delivery.outbox;
  if (config.production || !outbox) return;
  // The outbox shows codes: only to a browser on this machine, never through a proxy; others see nothing here.
  const loopbackOnly = async (request: FastifyRequest): Promise<void> => {
    if (!isLoopbackClient(request)) throw new ServiceError(ErrorCode.notFound, 404, msg('server.error.nothingHere', { method: request.method, path: request.url.split('?')[0] ?? '' }));
  };

  app.get<{ Querystring: { limit?: string } }>(
    Paths.devOutbox,
    { onRequest: loopbackOnly, schema: { hide: true, querystring: DevOutboxQuery } },
    async (request, reply) => {
      const messages = await outbox.list(Math.min(Number(request.query.limit ?? 50), 200));
      reply.header('cache-control', 'no-store');
      return {
        warning: 'Development outbox: these messages were NOT delivered. Configure SMTP_URL and SMS_PROVIDER_* for real delivery.',
        messages: messages.map((m) => ({ id: m.id, at: new Date(m.at).toISOString(), channel: m.channel, to: m.recipient, subject: m.subject, text: m.text_body })),
      };
    },
  );

  app.get('/dev/outbox', { onRequest: loopbackOnly, schema: { hide: true } }, async (_request, reply) => {
    const messages = await outbox.list(50);
    const rows = messages
      .map(
        (m) => `<article><h2>${escapeHtml(m.channel === 'sms' ? 'Text message' : 'Email')} to ${escapeHtml(m.recipient)}</h2>
<p class="meta">${escapeHtml(new Date(m.at).toISOString())}${m.subject ? ` · ${escapeHtml(m.subject)}` : ''}</p>
<pre>${escapeHtml(m.text_body)}</pre></article>`,
      )
      .join('\n');
    reply
      .header('cache-control', 'no-store')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .type('text/html; charset=utf-8');
    return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<title>Development outbox · AXIS CloudSync</title>
<style>body{font-family:Segoe UI,Arial,sans-serif;max-width:760px;margin:24px auto;padding:0 12px;color:#222}
.warn{background:#fff4ce;border:1px solid #e0c060;padding:8px 12px}article{border-bottom:1px solid #ddd;padding:8px 0}
h2{font-size:16px;margin:4px 0}.meta{color:#666;font-size:13px;margin:0}pre{white-space:pre-wrap;background:#f6f6f6;padding:8px}</style></head>
<body><h1>Development outbox</h1>
<p class="warn">No SMTP server or SMS provider is configured, so codes and notifications are kept here (for 10 minutes) instead of being sent. This page does not exist in production and answers only on this machine. It refreshes every 5 seconds.</p>
${rows || '<p>No messages yet.</p>'}
</body></html>`;
  });
}

/** A client on this machine talking to us directly: a loopback socket address and no proxy header. */
export function isLoopbackClient(request: FastifyRequest): boolean {
  const address = request.raw.socket.remoteAddress ?? '';
  const loopback = address === '::1' || /^(::ffff:)?127\.\d+\.\d+\.\d+$/.test(address);
  const proxied = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  return loopback && !proxied;
}
