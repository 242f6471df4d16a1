/** Typed calls of the passkey API, on top of ApiClient (which stays the one place that calls fetch). */
import type { ApiClient } from './api-client';
import { PasskeyPaths } from './passkey-routes';
import type { PasskeyAddRequest, PasskeyCreationOptionsResponse, PasskeyOptionsResponse, PasskeyResponse, PasskeySignInRequest, PasskeysResponse } from './passkey-schemas';
import type { SessionResponse, SignInResponse, StepUpResponse } from './schemas';

export class PasskeyClient {
  constructor(private readonly api: ApiClient) {}

  /** Sign in without a username. */
  signInOptions(): Promise<PasskeyOptionsResponse> {
    return this.api.request('POST', PasskeyPaths.signInOptions, {}, null);
  }
  signIn(body: PasskeySignInRequest): Promise<SignInResponse> {
    return this.api.request('POST', PasskeyPaths.signIn, body, null);
  }
  /** The second step after the password, with the pending token. */
  verifyOptions(pendingToken: string): Promise<PasskeyOptionsResponse> {
    return this.api.request('POST', PasskeyPaths.verifyOptions, {}, pendingToken);
  }
  verify(pendingToken: string, body: PasskeySignInRequest): Promise<SessionResponse> {
    return this.api.request('POST', PasskeyPaths.verify, body, pendingToken);
  }
  list(): Promise<PasskeysResponse> {
    return this.api.request('GET', PasskeyPaths.list);
  }
  registrationOptions(): Promise<PasskeyCreationOptionsResponse> {
    return this.api.request('POST', PasskeyPaths.registrationOptions, {});
  }
  add(body: PasskeyAddRequest): Promise<PasskeyResponse> {
    return this.api.request('POST', PasskeyPaths.list, body);
  }
  remove(id: string): Promise<void> {
    return this.api.request('DELETE', PasskeyPaths.passkey(id));
  }
  stepUpOptions(): Promise<PasskeyOptionsResponse> {
    return this.api.request('POST', PasskeyPaths.stepUpOptions, {});
  }
  stepUp(body: PasskeySignInRequest): Promise<StepUpResponse> {
    return this.api.request('POST', PasskeyPaths.stepUp, body);
  }
}
