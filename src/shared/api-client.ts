/**
 * The typed HTTP client of the auth API: the one place where the task pane,
 * the portal and the tests call `fetch`. It holds the current bearer token in
 * memory only; persisting it (or not) is the caller's decision.
 */
import type { Problem } from './errors';
import { ErrorCode, networkErrorCode } from './errors';
import { Paths } from './routes';
import type { PreferencesRequest, PreferencesResponse } from './preference-schemas';
import type {
  BackupCodesResponse,
  ChangePasswordRequest,
  CountResponse,
  DeviceChallengeRequest,
  DeviceChallengeResponse,
  DeviceSignInRequest,
  EnrollConfirmRequest,
  EnrollConfirmResponse,
  MeResponse,
  PasswordSignInRequest,
  PolicyInfo,
  ClientType,
  RegistrationCreateRequest,
  RegistrationCreateResponse,
  RegistrationsResponse,
  SessionResponse,
  SessionsResponse,
  SignInResponse,
  StepUpRequest,
  StepUpResponse,
  TotpEnrollStartRequest,
  TotpEnrollStartResponse,
  VerifyRequest,
  SendCodeRequest,
  SendCodeResponse,
  SmsEnrollStartRequest,
  EmailEnrollStartRequest,
  DeliveredEnrollStartResponse,
} from './schemas';

/** An error answer from the API (problem+json), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
  get code(): string {
    return this.problem.code;
  }
  get status(): number {
    return this.problem.status;
  }
  /** True when the server could not be reached at all. */
  get isNetworkError(): boolean {
    return this.problem.status === 0;
  }
  /** Seconds to wait (Retry-After), when the server said. */
  get retryAfter(): number | undefined {
    return this.problem.retryAfter;
  }
  /** invalid_code with Retry-After: 'short' = the growing delay between tries, 'lock' = the account lock. */
  get pause(): 'short' | 'lock' | undefined {
    const pause = (this.problem as { pause?: unknown }).pause;
    return pause === 'short' || pause === 'lock' ? pause : undefined;
  }
  /** invalid_code with no pause active: how many more wrong codes are allowed before pauses start. */
  get triesBeforePause(): number | undefined {
    const tries = (this.problem as { triesBeforePause?: unknown }).triesBeforePause;
    return typeof tries === 'number' && Number.isInteger(tries) && tries >= 0 ? tries : undefined;
  }
}

export { networkErrorCode };

export interface ApiClientOptions {
  /** Origin of the API, e.g. https://localhost:3000; '' for same-origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Called whenever the server says the token is no longer good (expired, credentials changed). */
  onAuthFailure?: (error: ApiError) => void;
  /** The active language (BCP 47) to send as Accept-Language, e.g. the i18n runtime's currentLocale. */
  language?: () => string;
}

type Method = 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH';

export class ApiClient {
  private token: string | null = null;
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: ApiClientOptions = {}) {
    this.baseUrl = (options.baseUrl ?? '').replace(/\/$/, '');
    this.fetchImpl = options.fetch ?? ((...args) => globalThis.fetch(...args));
  }

  setToken(token: string | null): void {
    this.token = token;
  }

  getToken(): string | null {
    return this.token;
  }

  /** Low-level call for routes this class has no method for yet (admin pages, later features). */
  async request<T>(method: Method, path: string, body?: unknown, token = this.token): Promise<T> {
    const response = await this.send(method, path, body, token, 'application/json');
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? safeJson(text) : undefined) as T;
  }

  /** GET a non-JSON answer (e.g. the admin's CSV export) as text; errors throw ApiError as in request(). */
  async requestText(path: string, token = this.token): Promise<string> {
    return (await this.send('GET', path, undefined, token, '*/*')).text();
  }

  /** The one fetch: an ok Response, or an ApiError (network failure, or the server's problem). */
  private async send(method: Method, path: string, body: unknown, token: string | null, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept };
    // The user's language, when the caller says (the pane and portal pass the i18n runtime's currentLocale;
    // not imported here, so the pane's boot script stays without the i18n runtime): the server words its
    // problem details in it.
    const language = this.options.language?.();
    if (language) headers['accept-language'] = language;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    let response: Response;
    try {
      response = await this.fetchImpl(this.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
      });
    } catch {
      throw new ApiError({
        type: 'about:blank',
        title: 'Network error',
        status: 0,
        code: networkErrorCode as Problem['code'],
        detail: 'The AXIS CloudSync server could not be reached. Check your connection and try again.',
      });
    }
    if (response.ok) return response;
    const text = await response.text();
    const parsed: unknown = text ? safeJson(text) : undefined;
    const problem: Problem = isProblem(parsed)
      ? parsed
      : {
          type: 'about:blank',
          title: response.statusText || 'Error',
          status: response.status,
          code: ErrorCode.internal,
          detail: `The server answered ${response.status}.`,
        };
    const retryAfter = Number(response.headers.get('retry-after'));
    if (problem.retryAfter === undefined && Number.isFinite(retryAfter) && retryAfter > 0) problem.retryAfter = retryAfter;
    const error = new ApiError(problem);
    if (
      problem.code === ErrorCode.sessionExpired ||
      problem.code === ErrorCode.credentialsChanged ||
      (problem.code === ErrorCode.unauthenticated && token)
    ) {
      this.options.onAuthFailure?.(error);
    }
    throw error;
  }

  // sign-in
  signInWithPassword(body: PasswordSignInRequest): Promise<SignInResponse> {
    return this.request('POST', Paths.signInPassword, body, null);
  }
  deviceChallenge(body: DeviceChallengeRequest): Promise<DeviceChallengeResponse> {
    return this.request('POST', Paths.deviceChallenge, body, null);
  }

  signInWithDevice(body: DeviceSignInRequest): Promise<SignInResponse> {
    return this.request('POST', Paths.signInDevice, body, null);
  }
  verify(pendingToken: string, body: VerifyRequest): Promise<SessionResponse> {
    return this.request('POST', Paths.verify, body, pendingToken);
  }
  /** Sign-in said enroll with proofRequired: a code from a factor the user holds turns the pending token into an enroll one. */
  proveForEnrollment(pendingToken: string, body: VerifyRequest): Promise<SignInResponse> {
    return this.request('POST', Paths.enrollProve, body, pendingToken);
  }
  /** With a pending token (enroll at sign-in) or the session token (Account Settings, after step-up). */
  startTotpEnrollment(body: TotpEnrollStartRequest = {}, token = this.token): Promise<TotpEnrollStartResponse> {
    return this.request('POST', Paths.enrollTotpStart, body, token);
  }
  confirmEnrollment(body: EnrollConfirmRequest, token = this.token): Promise<EnrollConfirmResponse> {
    return this.request('POST', Paths.enrollConfirm, body, token);
  }
  /** Sends an SMS or email code for this sign-in (pending token) or step-up (session token). */
  sendCode(body: SendCodeRequest, token = this.token): Promise<SendCodeResponse> {
    return this.request('POST', Paths.sendCode, body, token);
  }
  startSmsEnrollment(body: SmsEnrollStartRequest, token = this.token): Promise<DeliveredEnrollStartResponse> {
    return this.request('POST', Paths.enrollSmsStart, body, token);
  }
  startEmailEnrollment(body: EmailEnrollStartRequest = {}, token = this.token): Promise<DeliveredEnrollStartResponse> {
    return this.request('POST', Paths.enrollEmailStart, body, token);
  }
  resendEnrollmentCode(factorId: string, token = this.token): Promise<DeliveredEnrollStartResponse> {
    return this.request('POST', Paths.enrollResend, { factorId }, token);
  }
  signOut(): Promise<void> {
    return this.request('POST', Paths.signOut, {});
  }

  // account
  me(): Promise<MeResponse> {
    return this.request('GET', Paths.me);
  }
  policy(clientType?: ClientType): Promise<PolicyInfo> {
    return this.request('GET', Paths.policy + (clientType ? `?clientType=${clientType}` : ''));
  }
  stepUp(body: StepUpRequest): Promise<StepUpResponse> {
    return this.request('POST', Paths.stepUp, body);
  }
  /** The current session stays valid; every other session and device registration ends. */
  changePassword(body: ChangePasswordRequest): Promise<void> {
    return this.request('POST', Paths.changePassword, body);
  }
  /** The user's language (null: follow the browser) and time zone. */
  setPreferences(body: PreferencesRequest): Promise<PreferencesResponse> {
    return this.request('PUT', Paths.preferences, body);
  }
  regenerateBackupCodes(): Promise<BackupCodesResponse> {
    return this.request('POST', Paths.backupCodes, {});
  }
  removeFactor(id: string): Promise<void> {
    return this.request('DELETE', Paths.factor(id));
  }
  sessions(): Promise<SessionsResponse> {
    return this.request('GET', Paths.sessions);
  }
  revokeSession(id: string): Promise<void> {
    return this.request('DELETE', Paths.session(id));
  }
  revokeOtherSessions(): Promise<CountResponse> {
    return this.request('POST', Paths.revokeOtherSessions, {});
  }

  // client registrations
  register(body: RegistrationCreateRequest): Promise<RegistrationCreateResponse> {
    return this.request('POST', Paths.registrations, body);
  }
  registrations(): Promise<RegistrationsResponse> {
    return this.request('GET', Paths.registrations);
  }
  revokeRegistration(id: string): Promise<void> {
    return this.request('DELETE', Paths.registration(id));
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).code === 'string';
}
