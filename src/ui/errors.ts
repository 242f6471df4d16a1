/**
 * Human text for API error codes: what happened and what to do. Shared by
 * the task pane and the portal so both say the same thing.
 */
export interface ErrorLike {
  code: string;
  message?: string;
  retryAfter?: number;
}

export interface UserMessage {
  title: string;
  body: string;
}

export function formatWait(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}

export function messageFor(error: ErrorLike): UserMessage {
  const wait = error.retryAfter ? ` Try again in ${formatWait(error.retryAfter)}.` : '';
  switch (error.code) {
    case 'network_error':
      return {
        title: "Can't reach AXIS CloudSync",
        body: 'Check your internet connection, then select Try again. If it keeps happening, the service may be down for a moment.',
      };
    case 'unavailable':
      return { title: 'AXIS CloudSync is temporarily unavailable', body: 'Wait a moment, then select Try again.' };
    case 'invalid_credentials':
      return { title: "That didn't work", body: 'Check your username and password and try again.' };
    case 'invalid_code':
      return error.retryAfter
        ? {
            title: 'Too many wrong codes',
            body: `Sign-in is paused for your account.${wait} If you can't get a working code, use a backup code later or ask your administrator.`,
          }
        : { title: "That code didn't work", body: 'Enter the newest code from your authenticator app (codes change every 30 seconds), or use a backup code.' };
    case 'rate_limited':
      return { title: 'Too many attempts', body: `Please wait before trying again.${wait || ' Try again in a few minutes.'}` };
    case 'pending_expired':
      return { title: 'That took too long', body: 'For your security the sign-in timed out. Start again.' };
    case 'session_expired':
      return { title: 'Your session ended', body: 'Verify with a code to continue.' };
    case 'credentials_changed':
      return { title: 'Your sign-in details changed', body: 'Sign in again with your password and a code.' };
    case 'policy_violation':
      return { title: 'Not allowed by your organization', body: error.message ?? 'Your organization’s policy does not allow this.' };
    case 'empty':
      return { title: 'Enter the code', body: error.message ?? 'The code field is empty.' };
    case 'passkey_refused':
      return { title: "That passkey didn't work", body: error.message ?? 'Try again, or use another way to sign in.' };
    case 'passkey_browser':
      return { title: 'No passkey was used', body: error.message ?? 'Try again when you are ready.' };
    case 'conflict':
      return { title: 'Something changed', body: 'Start again.' };
    case 'admin_two_factor_required':
      return { title: 'Protect your own account first', body: error.message ?? 'Set up two-step authentication for your own account (Account Settings → Security) before any admin action.' };
    case 'password_change_required':
      return { title: 'Choose a new password first', body: error.message ?? 'The password you signed in with was generated for you: choose your own before anything else.' };
    case 'weak_password':
      return { title: 'Choose another password', body: error.message ?? 'That password is too short or too common.' };
    default:
      return { title: 'Something went wrong', body: error.message ?? 'Try again. If it keeps happening, contact your administrator.' };
  }
}
