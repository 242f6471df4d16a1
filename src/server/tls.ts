/**
 * Development certificates for https://localhost (Office add-ins must be served
 * over HTTPS). office-addin-dev-certs makes them and tries to trust its CA;
 * where the trust store cannot be changed we say so and still serve.
 */
import fs from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
}

export async function devCertificates(log: Pick<FastifyBaseLogger, 'info' | 'warn'>): Promise<TlsMaterial> {
  const devCerts = await import('office-addin-dev-certs');
  try {
    const options = await devCerts.getHttpsServerOptions();
    return { key: Buffer.from(options.key), cert: Buffer.from(options.cert) };
  } catch (error) {
    // Usually: the CA could not be added to this machine's trust store (no sudo, no certutil, CI).
    const { localhostCertificatePath, localhostKeyPath, caCertificatePath } = await import('office-addin-dev-certs/lib/defaults.js');
    if (!fs.existsSync(localhostCertificatePath) || !fs.existsSync(localhostKeyPath)) {
      await devCerts.generateCertificates();
    }
    log.warn(
      `Could not add the development CA to this machine's trust store (${(error as Error).message.split('\n')[0]}). ` +
        `Serving HTTPS with an untrusted certificate: browsers and Office will warn until you trust ${caCertificatePath} ` +
        `(npx office-addin-dev-certs install) or run behind a TLS proxy with TLS=off.`,
    );
    return { key: fs.readFileSync(localhostKeyPath), cert: fs.readFileSync(localhostCertificatePath) };
  }
}
