import { ErrorCode } from '../../shared/errors';

/** A rule said no. Routes turn it into problem+json; nothing else is needed to answer a client. */
export class ServiceError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly status: number,
    detail: string,
    readonly retryAfter?: number,
  ) {
    super(detail);
    this.name = 'ServiceError';
  }
}

export const invalidCredentials = () =>
  new ServiceError(ErrorCode.invalidCredentials, 401, 'The username or password is not correct.');

export const invalidCode = (retryAfter?: number) =>
  new ServiceError(
    ErrorCode.invalidCode,
    401,
    retryAfter
      ? `That code did not work. Too many attempts: wait ${formatWait(retryAfter)} before trying again.`
      : 'That code did not work. Check it and try again.',
    retryAfter,
  );

export const credentialsChanged = () =>
  new ServiceError(
    ErrorCode.credentialsChanged,
    401,
    'Your sign-in details changed or this device was signed out. Sign in again with your password and a code.',
  );

export const notFound = (what = 'That item') => new ServiceError(ErrorCode.notFound, 404, `${what} was not found.`);

/** `why`: a sentence put first, when the action needs explaining ("This change lowers …"). */
export const stepUpRequired = (why = '') =>
  new ServiceError(ErrorCode.stepUpRequired, 403, `${why}Confirm it is you: enter your password and a code first.`);

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** A user who had 2FA and lost every allowed method: a password alone does not bind a new factor. */
export const proofFirst =
  'Confirm it is you first, with a method you already have (even one your organization turned off) or a backup code; or ask your administrator to reset your two-step authentication.';
