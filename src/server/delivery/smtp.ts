/** Email through SMTP (nodemailer): STARTTLS or implicit TLS, certificate checks on by default. */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { SmtpSettings } from './config';
import { DeliveryError, type EmailMessage, type EmailTransport } from './types';

export class SmtpTransport implements EmailTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    const implicitTls = settings.url.startsWith('smtps:');
    // nodemailer reads host, port, user and password from the URL; the rest is explicit.
    this.transporter = nodemailer.createTransport(settings.url, {
      secure: implicitTls,
      requireTLS: !implicitTls && settings.starttls === 'require',
      ignoreTLS: !implicitTls && settings.starttls === 'off',
      tls: { rejectUnauthorized: settings.rejectUnauthorized, minVersion: 'TLSv1.2', ...(settings.ca ? { ca: settings.ca } : {}) },
      // A dead mail server must not hold a sign-in request for minutes.
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    } as SMTPTransport.Options);
  }

  async send(message: EmailMessage): Promise<void> {
    try {
      await this.transporter.sendMail({ from: this.settings.from, to: message.to, subject: message.subject, text: message.text, html: message.html });
    } catch (error) {
      // The SMTP answer (never the message body) is what the operator needs.
      const detail = error instanceof Error ? `${(error as { code?: string }).code ?? ''} ${(error as { responseCode?: number }).responseCode ?? ''}`.trim() : '';
      throw new DeliveryError(`SMTP delivery failed${detail ? ` (${detail})` : ''}`);
    }
  }

  close(): void {
    this.transporter.close();
  }
}
