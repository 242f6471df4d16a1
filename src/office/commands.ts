/**
 * Function commands (ribbon buttons that run code without a pane). Office
 * calls the named function with an event that must be completed.
 */
import { connectOffice } from './connect';
import type { OfficeEnv } from './types';

export function registerFunctionCommand(name: string, run: (env: OfficeEnv) => Promise<void>): void {
  const handler = async (event?: { completed?: (options?: unknown) => void }) => {
    try {
      const env = await connectOffice();
      await run(env);
    } catch {
      // The command must always complete, or Outlook shows it as still running.
    } finally {
      event?.completed?.();
    }
  };
  // Older hosts look the function up on the global object; newer ones use Office.actions.
  (globalThis as Record<string, unknown>)[name] = handler;
  const office = (globalThis as { Office?: typeof Office }).Office;
  void office?.onReady?.().then(() => {
    office.actions?.associate?.(name, handler);
  });
}
