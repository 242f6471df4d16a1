/**
 * NIST SP 800-63B §3.1.1.2 / OWASP ASVS 6.1.2: refuse passwords known to be
 * commonly used or found in breaches. The list is @zxcvbn-ts/language-common's
 * ≈ 49,000 most common passwords (from public breach corpora).
 *
 * Decompressing that list costs ≈ 150 ms of CPU and ≈ 20 MB of memory, so it
 * is done once, at the first password check (not at every start: most
 * instances never see one), in a short-lived child process (the event loop keeps serving,
 * and all that memory leaves with the child: a worker thread left ≈ 10 MB of
 * resident memory behind). The server keeps only a sorted Float64Array of
 * 48-bit hashes (≈ 340 KB).
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';

/** The first 6 bytes of SHA-256 of the lower-cased password, big-endian (the child below computes the same). */
function fingerprint(password: string): number {
  return crypto.createHash('sha256').update(password.toLowerCase()).digest().readUIntBE(0, 6);
}

const childSource = `
  const crypto = require('node:crypto');
  const loaded = require(process.argv[1]);
  const list = loaded.default || loaded;
  const set = new Set();
  for (const p of list) set.add(crypto.createHash('sha256').update(String(p).toLowerCase()).digest().readUIntBE(0, 6));
  process.stdout.write(Buffer.from(Float64Array.from(set).sort().buffer));
`;

let fingerprints: Promise<Float64Array> | null = null;

function load(): Promise<Float64Array> {
  fingerprints ??= new Promise<Float64Array>((resolve, reject) => {
    const file = require.resolve('@zxcvbn-ts/language-common/dist/passwords.json.cjs');
    const child = spawn(process.execPath, ['-e', childSource, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let errors = '';
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => {
      const bytes = Buffer.concat(chunks);
      if (code !== 0 || bytes.length === 0 || bytes.length % 8 !== 0) {
        reject(new Error(`The common-password list could not be loaded (exit ${code}): ${errors.slice(0, 300)}`));
        return;
      }
      // A copy into an ArrayBuffer of its own: Float64Array needs an aligned start.
      resolve(new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length)));
    });
  });
  fingerprints.catch(() => (fingerprints = null)); // a later check tries again
  return fingerprints;
}

function contains(sorted: Float64Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const at = sorted[mid]!;
    if (at === value) return true;
    if (at < value) low = mid + 1;
    else high = mid - 1;
  }
  return false;
}

/**
 * True when the password, or its stem once up to six leading or trailing digits and symbols are
 * cut ("iloveyou2020", "Summer2024!!", "123monkey123"), is on the list.
 */
export async function isCommonPassword(password: string): Promise<boolean> {
  const sorted = await load();
  const lower = password.toLowerCase();
  const stems = new Set([lower, lower.replace(/[\d\W_]{1,6}$/u, ''), lower.replace(/^[\d\W_]{1,6}/u, ''), lower.replace(/^[\d\W_]{1,6}|[\d\W_]{1,6}$/gu, '')]);
  return [...stems].some((stem) => stem.length >= 4 && contains(sorted, fingerprint(stem)));
}
