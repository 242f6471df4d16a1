/**
 * Opens a page in the system browser from the task pane: Office.context.ui.openBrowserWindow
 * (requirement set OpenBrowserWindowApi 1.1). The approval in the browser needs it because
 * WebAuthn does not work reliably inside Outlook's add-in web views. Where the host lacks it,
 * answers false and the pane shows the link to copy.
 */
export async function openInBrowser(url: string): Promise<boolean> {
  const office = (globalThis as { Office?: typeof Office }).Office;
  const context = office?.context;
  if (!context?.requirements?.isSetSupported('OpenBrowserWindowApi', '1.1')) return false;
  const ui = context.ui as { openBrowserWindow?: (url: string) => void } | undefined;
  if (typeof ui?.openBrowserWindow !== 'function') return false;
  try {
    ui.openBrowserWindow(url);
    return true;
  } catch {
    return false;
  }
}
