/**
 * The one authenticated API client for CloudSync features in the pane. It
 * carries the session the gate established; when the server says the
 * session ended or credentials changed, it hands that to the gate, which
 * asks for a code (or password + code) again.
 */
import { ApiClient } from '../shared/api-client';
import type { Gate } from './gate/gate';
import { currentLocale } from '../shared/i18n/runtime';

export function createCloudSyncClient(gate: Gate, baseUrl: string): ApiClient {
  const client = new ApiClient({
    baseUrl,
    onAuthFailure: (error) => gate.sessionEnded(error.code),
    language: currentLocale,
  });
  return client;
}
