/** Function file of the add-in (commands.html): the ribbon's function commands. */
import { registerFunctionCommand } from '../office/commands';
import { ApiClient } from '../shared/api-client';
import { Paths } from '../shared/routes';
import { defaultConfig } from '../taskpane/config';
import { createSessionStore, partitionedStorage } from '../taskpane/gate/storage';
import { officePartitionKey } from '../office/partition';
import { signOutOfCloudSync } from './sign-out';
import { loadPaneCatalog } from '../shared/i18n/pane-catalog';
import { chooseLocale } from '../shared/i18n/locales';
import { currentLocale } from '../shared/i18n/runtime';

registerFunctionCommand('signOutOfCloudSync', async (env) => {
  const partitionKey = officePartitionKey();
  const storages = { session: partitionedStorage(window.sessionStorage, partitionKey), local: partitionedStorage(window.localStorage, partitionKey) };
  const { store } = createSessionStore(env.host, storages, { now: () => Date.now() });
  // The notification speaks Outlook's display language (es-MX → es, else English).
  const catalog = loadPaneCatalog(chooseLocale([env.displayLanguage], true)).catch(() => undefined);
  await signOutOfCloudSync({
    session: store,
    roaming: env.roaming,
    signOut: (token) => new ApiClient({ baseUrl: defaultConfig.apiOrigin, language: currentLocale }).request('POST', Paths.signOut, {}, token),
    notify: (message, kind) => env.notify(message, kind),
    ready: catalog,
  });
});
