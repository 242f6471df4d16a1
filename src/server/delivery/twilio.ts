/**
 * SMS through a Twilio-style REST API: POST {base}/2010-04-01/Accounts/{SID}/Messages.json,
 * form-encoded To/From/Body, HTTP Basic auth (account SID : auth token).
 * The base URL is configurable (a compatible provider, a regional edge, tests).
 */
import type { TwilioSettings } from './config';
import { DeliveryError, type SmsMessage, type SmsProvider } from './types';

export class TwilioSmsProvider implements SmsProvider {
  readonly name = 'twilio';

  constructor(
    private readonly settings: TwilioSettings,
    private readonly fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args),
  ) {}

  async send(message: SmsMessage): Promise<void> {
    const { baseUrl, account, token, from } = this.settings;
    const form = new URLSearchParams({ To: message.to, Body: message.body });
    if (from.startsWith('MG')) form.set('MessagingServiceSid', from);
    else form.set('From', from);
    let response: Response;
    try {
      response = await this.fetchImpl(`${baseUrl}/2010-04-01/Accounts/${encodeURIComponent(account)}/Messages.json`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${account}:${token}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: form.toString(),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new DeliveryError('The SMS provider could not be reached');
    }
    if (!response.ok) {
      // Twilio answers {code, message}; the code (not the body, which may echo the number) goes to the log.
      let code = '';
      try {
        const body = (await response.json()) as { code?: number };
        if (typeof body.code === 'number') code = `, provider code ${body.code}`;
      } catch {
        // not JSON
      }
      throw new DeliveryError(`The SMS provider refused the message (HTTP ${response.status}${code})`);
    }
  }
}
