/**
 * What a key-bound device signs to start a sign-in: the server's one-time
 * challenge under a fixed, versioned label, so a signature made for this
 * purpose means nothing anywhere else. Client and server build it here.
 */
export const deviceProofAlgorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export function deviceProofMessage(challenge: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(`axis-cloudsync device sign-in v1\n${challenge}`);
}
