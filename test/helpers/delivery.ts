/**
 * Real delivery endpoints on loopback for the tests: an SMTP server
 * (smtp-server) that receives and parses the emails the API sends, and an HTTP
 * server that plays a Twilio-style SMS provider and records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { DeliverySettings } from '../../src/server/delivery/config';
import { startTestServer, type TestServer, type TestServerOptions } from './server';

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export const smtpUser = 'mailer';
export const smtpPassword = 'smtp-test-password';

export interface SmtpSink {
  port: number;
  url: string;
  messages: ReceivedEmail[];
  /** Authentication attempts the server saw (username, accepted). */
  logins: { username: string; ok: boolean }[];
  /** Waits until a message for `to` matching `predicate` arrives (or fails after a while). */
  waitFor(to: string, predicate?: (m: ReceivedEmail) => boolean): Promise<ReceivedEmail>;
  to(address: string): ReceivedEmail[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedEmail[] = [];
  const logins: { username: string; ok: boolean }[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = auth.username === smtpUser && auth.password === smtpPassword;
      logins.push({ username: auth.username ?? '', ok });
      if (!ok) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const parsed = parseEmail(raw);
        messages.push({
          ...parsed,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const to = (address: string) => messages.filter((m) => m.to.includes(address.toLowerCase()));
  return {
    port,
    url: `smtp://${smtpUser}:${smtpPassword}@127.0.0.1:${port}`,
    messages,
    logins,
    to,
    async waitFor(address, predicate = () => true) {
      for (let i = 0; i < 400; i++) {
        const found = to(address).find(predicate);
        if (found) return found;
        await new Promise((r) => setTimeout(r, 25));
      }
      throw new Error(`no email to ${address} arrived`);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Just enough MIME for nodemailer's output: headers, multipart/alternative, quoted-printable and base64. */
export function parseEmail(raw: string): { subject: string; text: string; html: string } {
  const { headers, body } = splitPart(raw);
  const subject = decodeWords(headers['subject'] ?? '');
  const type = headers['content-type'] ?? 'text/plain';
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary
    ? body.split(`--${boundary}`).slice(1).filter((p) => !p.startsWith('--')).map((p) => splitPart(p.replace(/^\r?\n/, '')))
    : [{ headers, body }];
  for (const part of parts) {
    const decoded = decodeBody(part.body, part.headers['content-transfer-encoding'] ?? '7bit');
    const partType = part.headers['content-type'] ?? 'text/plain';
    if (partType.startsWith('text/plain')) text = decoded;
    if (partType.startsWith('text/html')) html = decoded;
  }
  return { subject, text, html };
}

function splitPart(raw: string): { headers: Record<string, string>; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  const head = at < 0 ? raw : raw.slice(0, at);
  const body = at < 0 ? '' : raw.slice(at).replace(/^\r?\n\r?\n/, '');
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function decodeBody(body: string, encoding: string): string {
  const e = encoding.toLowerCase();
  if (e === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return body;
}

function decodeWords(value: string): string {
  // RFC 2047 §6.2: the white space between two adjacent encoded words is not part of the text.
  return value.replace(/(\?=)\s+(?==\?utf-8\?)/gi, '$1').replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, kind: string, data: string) =>
    kind.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeBody(data.replace(/_/g, ' '), 'quoted-printable'),
  );
}

/** The 6-digit code in a code email (plain-text part). */
export function codeFromEmail(message: ReceivedEmail): string {
  const match = /verification code is: (\d{6})/.exec(message.text);
  if (!match?.[1]) throw new Error(`no code in email "${message.subject}"`);
  return match[1];
}

// ---- SMS provider -------------------------------------------------------------

export const smsAccount = 'AC0123456789abcdef0123456789abcdef';
export const smsToken = 'sms-auth-token-for-tests';
export const smsFrom = '+15005550006';

export interface SmsRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface SmsProviderDouble {
  baseUrl: string;
  requests: SmsRequest[];
  /** Messages accepted (right path and credentials). */
  sent(): { to: string; from: string; body: string }[];
  to(number: string): { to: string; from: string; body: string }[];
  /** The next answers: a status to send instead of 201. */
  failNext(status: number, times?: number): void;
  close(): Promise<void>;
}

export async function startSmsProvider(): Promise<SmsProviderDouble> {
  const requests: SmsRequest[] = [];
  const accepted: { to: string; from: string; body: string }[] = [];
  let failures: { status: number; times: number } | null = null;
  const expectedAuth = `Basic ${Buffer.from(`${smsAccount}:${smsToken}`).toString('base64')}`;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, contentType: req.headers['content-type'], form });
      const json = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${smsAccount}/Messages.json`) return json(404, { code: 20404, message: 'not found' });
      if (req.headers.authorization !== expectedAuth) return json(401, { code: 20003, message: 'Authenticate' });
      if (failures && failures.times > 0) {
        failures.times -= 1;
        return json(failures.status, { code: 30008, message: 'Unknown error' });
      }
      if (!form.To || !form.Body || (!form.From && !form.MessagingServiceSid)) return json(400, { code: 21604, message: 'missing parameter' });
      accepted.push({ to: form.To, from: form.From ?? form.MessagingServiceSid ?? '', body: form.Body });
      json(201, { sid: `SM${accepted.length.toString().padStart(32, '0')}`, status: 'queued', to: form.To });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    sent: () => accepted,
    to: (number) => accepted.filter((m) => m.to === number),
    failNext(status, times = 1) {
      failures = { status, times };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The 6-digit code in a text message. */
export function codeFromSms(body: string): string {
  const match = /code (\d{6})/.exec(body);
  if (!match?.[1]) throw new Error('no code in the text message');
  return match[1];
}

export function deliverySettings(smtp: SmtpSink, sms: SmsProviderDouble): DeliverySettings {
  return {
    email: { kind: 'smtp', url: smtp.url, from: 'AXIS CloudSync <no-reply@cloudsync.test>', starttls: 'opportunistic', rejectUnauthorized: true },
    sms: { kind: 'twilio', baseUrl: sms.baseUrl, account: smsAccount, token: smsToken, from: smsFrom },
  };
}

export interface DeliveryTestServer extends TestServer {
  smtp: SmtpSink;
  sms: SmsProviderDouble;
}

/** The API server wired to a loopback SMTP server and SMS provider. */
export async function startDeliveryServer(options: TestServerOptions = {}): Promise<DeliveryTestServer> {
  const smtp = await startSmtpSink();
  const sms = await startSmsProvider();
  const server = await startTestServer({
    ...options,
    delivery: { settings: deliverySettings(smtp, sms), messages: { publicUrl: 'https://cloudsync.test', supportPhone: '1-866-232-2211' } },
  });
  return {
    ...server,
    smtp,
    sms,
    async close() {
      await server.close();
      await smtp.close();
      await sms.close();
    },
  };
}

/** The code of the first code email to `address` at or after index `since` of its messages. */
export async function nextCodeEmail(smtp: SmtpSink, address: string, since: number): Promise<string> {
  const message = await smtp.waitFor(address, (m) => smtp.to(address).indexOf(m) >= since && /verification code is/.test(m.text));
  return codeFromEmail(message);
}

/** The code of the last text message sent to `number`. */
export function lastSmsCode(sms: SmsProviderDouble, number: string): string {
  const last = sms.to(number).at(-1);
  if (!last) throw new Error(`no text message to ${number}`);
  return codeFromSms(last.body);
}
