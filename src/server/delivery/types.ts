/** What the services hand to delivery: a finished message and a destination. No rules here. */
export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmsMessage {
  /** E.164, e.g. +15551234567. */
  to: string;
  body: string;
}

export interface EmailTransport {
  readonly name: string;
  send(message: EmailMessage): Promise<void>;
  close?(): void;
}

export interface SmsProvider {
  readonly name: string;
  send(message: SmsMessage): Promise<void>;
}

/** A channel that cannot send: thrown by an unconfigured channel, a provider's refusal or a network failure. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    /** True when the channel is not set up at all (production without SMTP / SMS settings). */
    readonly notConfigured = false,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

/** The minimal logger delivery needs (pino's shape). */
export interface DeliveryLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLog: DeliveryLog = { info: () => undefined, warn: () => undefined, error: () => undefined };
