/**
 * Office.context.partitionKey: where Outlook defines it (Outlook on the web,
 * new Outlook), add-ins must prefix their storage keys with it, so two
 * mailboxes or accounts in one browser do not share the add-in's state.
 * Valid once Office.js is ready; null where the host does not partition.
 */
export function officePartitionKey(): string | null {
  try {
    const key = (globalThis as { Office?: { context?: { partitionKey?: unknown } } }).Office?.context?.partitionKey;
    return typeof key === 'string' && key ? key : null;
  } catch {
    return null;
  }
}
