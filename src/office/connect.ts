/**
 * Waits for Office.js and returns the OfficeEnv. Outside Office (or when
 * office.js could not load) it rejects with OfficeUnavailableError so the
 * pane can say so instead of hanging.
 */
import { createOfficeEnv } from './office-env';
import type { OfficeEnv } from './types';

/** Why the pane has no Office: the view says it in the user's language from this reason. */
export type OfficeUnavailableReason = 'not-loaded' | 'timeout' | 'no-mailbox';

export class OfficeUnavailableError extends Error {
  constructor(readonly reason: OfficeUnavailableReason, message: string) {
    super(message);
    this.name = 'OfficeUnavailableError';
  }
}

export async function connectOffice(timeoutMs = 15000): Promise<OfficeEnv> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office?.onReady) throw new OfficeUnavailableError('not-loaded', 'Office.js did not load. Open AXIS CloudSync from Outlook.');
  let timer: ReturnType<typeof setTimeout> | undefined;
  const info = await Promise.race([
    office.onReady(),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new OfficeUnavailableError('timeout', 'Outlook did not start the add-in in time.')), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
  if (!office.context?.mailbox) throw new OfficeUnavailableError('no-mailbox', 'AXIS CloudSync runs inside Outlook. Open it from the Outlook ribbon.');
  return createOfficeEnv(office, { readyInfo: info as { host: unknown; platform: unknown } });
}
