/**
 * The mailbox Outlook shows, as soon as Office.js is ready: for the task
 * pane's boot script, which must not start a device sign-in for a mailbox
 * other than the one registered. Null outside Outlook or after `timeoutMs`.
 * Kept apart from office-env so the boot script stays small.
 */
export async function earlyMailboxAddress(timeoutMs = 5000): Promise<string | null> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  if (!office?.onReady) return null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      office.onReady(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('Office.js not ready')), timeoutMs);
      }),
    ]);
    const address = office.context?.mailbox?.userProfile?.emailAddress;
    return typeof address === 'string' && address ? address : null;
  } catch {
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** Outlook's display language (BCP 47, e.g. "de-DE") once Office.js is ready, or null: sent as Accept-Language. */
export function earlyDisplayLanguage(): string | null {
  const language = (globalThis as { Office?: typeof Office }).Office?.context?.displayLanguage;
  return typeof language === 'string' && language ? language : null;
}
