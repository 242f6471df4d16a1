/** Function file of the add-in (commands.html): the ribbon's function commands. */
import { registerFunctionCommand } from '../office/commands';
import { ApiClient } from '../shared/api-client';
import { Paths } from '../shared/routes';
import { defaultConfig } from '../taskpane/config';
import { createSessionStore } from '../taskpane/gate/storage';
import { signOutOfCloudSync } from './sign-out';

registerFunctionCommand('signOutOfCloudSync', async (env) => {
  const { store } = createSessionStore(env.host, { session: window.sessionStorage, local: window.localStorage }, { now: () => Date.now() });
  await signOutOfCloudSync({
    session: store,
    roaming: env.roaming,
    signOut: (token) => new ApiClient({ baseUrl: defaultConfig.apiOrigin }).request('POST', Paths.signOut, {}, token),
    notify: (message, kind) => env.notify(message, kind),
  });
});
