/**
 * HTTPS material. Two sources:
 * - TLS_CERT_FILE + TLS_KEY_FILE: the operator's certificate (PEM), checked at
 *   start (readable, parseable, the key belongs to the certificate) and read
 *   again on SIGHUP, so a renewed certificate needs no restart.
 * - Otherwise, development certificates for https://localhost (Office add-ins
 *   must be served over HTTPS) from office-addin-dev-certs. Once made they are
 *   kept while valid, even when the CA cannot be added to the trust store here:
 *   regenerating them at every start would undo a trust the developer added by hand.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';

export interface TlsMaterial {
  key: Buffer;
  cert: Buffer;
}

export class TlsFileError extends Error {}

/** The operator's certificate and key, checked: a clear message instead of a TLS handshake that fails later. */
export function fileCertificates(files: { cert: string; key: string }): TlsMaterial & { validTo: string; subject: string } {
  let cert: Buffer;
  let key: Buffer;
  try {
    cert = fs.readFileSync(files.cert);
    key = fs.readFileSync(files.key);
  } catch (error) {
    throw new TlsFileError(`TLS_CERT_FILE/TLS_KEY_FILE: ${(error as Error).message}`);
  }
  let x509: crypto.X509Certificate;
  try {
    x509 = new crypto.X509Certificate(cert);
  } catch {
    throw new TlsFileError(`TLS_CERT_FILE: ${files.cert} is not a PEM certificate`);
  }
  let privateKey: crypto.KeyObject;
  try {
    privateKey = crypto.createPrivateKey(key);
  } catch {
    throw new TlsFileError(`TLS_KEY_FILE: ${files.key} is not an unencrypted PEM private key`);
  }
  if (!x509.checkPrivateKey(privateKey)) throw new TlsFileError(`TLS_KEY_FILE: ${files.key} is not the private key of the certificate in ${files.cert}`);
  return { cert, key, validTo: x509.validTo, subject: x509.subject.replace(/\n/g, ', ') };
}

/** The dev certificate files exist and stay valid for at least another day. */
function usableDevCertificate(certPath: string, keyPath: string): boolean {
  if (!fs.existsSync(certPath) || !fs.existsSync(keyPath)) return false;
  try {
    const x509 = new crypto.X509Certificate(fs.readFileSync(certPath));
    return new Date(x509.validTo).getTime() > Date.now() + 86_400_000;
  } catch {
    return false;
  }
}

export async function devCertificates(log: Pick<FastifyBaseLogger, 'info' | 'warn'>): Promise<TlsMaterial> {
  const devCerts = await import('office-addin-dev-certs');
  const { localhostCertificatePath, localhostKeyPath, caCertificatePath } = await import('office-addin-dev-certs/lib/defaults.js');
  // Made before (and perhaps trusted by hand since): keep them.
  if (usableDevCertificate(localhostCertificatePath, localhostKeyPath)) {
    return { key: fs.readFileSync(localhostKeyPath), cert: fs.readFileSync(localhostCertificatePath) };
  }
  try {
    const options = await devCerts.getHttpsServerOptions();
    return { key: Buffer.from(options.key), cert: Buffer.from(options.cert) };
  } catch (error) {
    // Usually: the CA could not be added to this machine's trust store (no sudo, no certutil, CI).
    if (!fs.existsSync(localhostCertificatePath) || !fs.existsSync(localhostKeyPath)) {
      await devCerts.generateCertificates();
    }
    log.warn(
      `Could not add the development CA to this machine's trust store (${(error as Error).message.split('\n')[0]}). ` +
        `Serving HTTPS with an untrusted certificate: browsers and Office will warn until you trust ${caCertificatePath} ` +
        `(npx office-addin-dev-certs install; it is kept across restarts), give a real certificate (TLS_CERT_FILE, TLS_KEY_FILE) ` +
        `or run behind a TLS proxy with TLS=off.`,
    );
    return { key: fs.readFileSync(localhostKeyPath), cert: fs.readFileSync(localhostCertificatePath) };
  }
}
