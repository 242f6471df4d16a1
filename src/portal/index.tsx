/** Portal entry: the session (memory + sessionStorage) and the app. */
import { createRoot } from 'react-dom/client';
import { preloadMessageBar } from '../ui/ErrorMessageBar';
import { App } from './App';
import { PortalSession } from './session';

function storage(): Storage | null {
  try {
    return window.sessionStorage;
  } catch {
    return null;
  }
}

const container = document.getElementById('root');
if (container) {
  const session = new PortalSession(storage());
  createRoot(container).render(<App session={session} />);
  preloadMessageBar();
}
