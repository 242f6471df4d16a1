import { formatWait } from '../../shared/i18n/format';
import { ErrorCode } from '../../shared/errors';
import type { MessageDescriptor, MessageId, MessageValues } from '../../shared/i18n/message-ids';
import { translator, type Translate } from '../i18n/translator';

/** What a refusal may add to its problem+json besides the detail (invalid_code's pause fields). */
export interface ProblemExtras {
  pause?: 'short' | 'lock';
  triesBeforePause?: number;
}

/**
 * A rule said no. Routes turn it into problem+json; nothing else is needed to answer a client.
 * `detail` is a message id (section `server`, `server.error.*`) rendered in the request's language by the
 * error handler; `message` is the English text (logs, the admin CLI). `wait`: seconds that fill the
 * message's `{wait}` ("2 seconds", "5 minutes") in the reader's language.
 */
export class ServiceError extends Error {
  readonly detail: MessageDescriptor;

  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    detail: MessageDescriptor,
    readonly retryAfter?: number,
    readonly extras: ProblemExtras & { wait?: number } = {},
  ) {
    super(renderDetail(translator('en'), detail, extras.wait));
    this.name = 'ServiceError';
    this.detail = detail;
  }

  /** The detail in the language of `translate`. */
  render(translate: Translate): string {
    return renderDetail(translate, this.detail, this.extras.wait);
  }
}

/** A message descriptor: `msg('server.error.x', { name })`. */
export const msg = (id: MessageId, values?: MessageValues): MessageDescriptor => (values ? { id, values } : { id });

function renderDetail(translate: Translate, detail: MessageDescriptor, wait?: number): string {
  const values = wait === undefined ? detail.values : { ...detail.values, wait: formatWait(wait, translate) };
  return translate(detail.id, values);
}

export const invalidCredentials = () => new ServiceError(ErrorCode.invalidCredentials, 401, msg('server.error.invalidCredentials'));

/**
 * A wrong code, or one refused while a pause is on. `pause`: "short" for the growing delay between tries
 * (from the `delayFromFailure`-th wrong code), "lock" for the account lock; `triesBeforePause`: on a wrong
 * code with no pause yet, how many more codes can be tried before a wrong one starts the pauses.
 */
export const invalidCode = (options: { retryAfter?: number; pause?: 'short' | 'lock'; triesBeforePause?: number } = {}) => {
  const { retryAfter, triesBeforePause } = options;
  if (retryAfter) {
    const pause = options.pause ?? 'short';
    const id = pause === 'lock' ? 'server.error.invalidCode.locked' : 'server.error.invalidCode.short';
    return new ServiceError(ErrorCode.invalidCode, 401, msg(id), retryAfter, { pause, wait: retryAfter });
  }
  if (triesBeforePause !== undefined && triesBeforePause > 0) {
    return new ServiceError(ErrorCode.invalidCode, 401, msg('server.error.invalidCode.tries', { tries: triesBeforePause }), undefined, { triesBeforePause });
  }
  return new ServiceError(ErrorCode.invalidCode, 401, msg('server.error.invalidCode'));
};

export const credentialsChanged = () => new ServiceError(ErrorCode.credentialsChanged, 401, msg('server.error.credentialsChanged'));

export type NotFoundWhat = 'item' | 'setup' | 'organization' | 'device' | 'method' | 'passkey' | 'user' | 'session';

export const notFound = (what: NotFoundWhat = 'item') => new ServiceError(ErrorCode.notFound, 404, msg('server.error.notFound', { what }));

/** `why`: the variant that explains first why the action needs it ("This change lowers …"). */
export const stepUpRequired = (why?: 'policyWeakened') =>
  new ServiceError(ErrorCode.stepUpRequired, 403, msg(why === 'policyWeakened' ? 'server.error.stepUpRequired.policyWeakened' : 'server.error.stepUpRequired'));

/** A user who had 2FA and lost every allowed method: a password alone does not bind a new factor. */
export const proofFirst = msg('server.error.proofFirst');

/**
 * invalid_code's pause fields for a wrong code that did not lock: the short pause it started, or (before the
 * pauses start) how many more codes can be tried before a wrong one starts them.
 */
export function wrongCodeAnswer(reservation: { attempt: number; delayMs: number }, delayFromFailure: number): Parameters<typeof invalidCode>[0] {
  if (reservation.delayMs > 0) return { retryAfter: Math.ceil(reservation.delayMs / 1000), pause: 'short' };
  return { triesBeforePause: Math.max(0, delayFromFailure - reservation.attempt) };
}
