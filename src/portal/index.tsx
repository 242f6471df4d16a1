/** Portal entry: the language (./locale), the session (memory + sessionStorage) and the app. */
import { createRoot } from 'react-dom/client';
import { preloadMessageBar } from '../ui/ErrorMessageBar';
import { App } from './App';
import { loadInitialLocale } from './locale';
import { PortalSession } from './session';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

/** "Approve with a passkey in your browser" (opened from Outlook): #/approve/<22-character request id>. */
const approvalId = /^#\/approve\/([A-Za-z0-9_-]{22})$/.exec(window.location.hash)?.[1];

const container = document.getElementById('root');
if (container && approvalId) {
  const root = createRoot(container);
  void Promise.all([loadInitialLocale(), import(/* webpackChunkName: "portal-approve" */ './ApproveRoot.js')]).then(([, { ApproveRoot }]) =>
    root.render(<ApproveRoot requestId={approvalId} />),
  );
  preloadMessageBar();
} else if (container) {
  const session = new PortalSession(storage());
  // The catalog of the chosen language first: the first render is already in it.
  void loadInitialLocale().then(() => createRoot(container).render(<App session={session} />));
  preloadMessageBar();
}
