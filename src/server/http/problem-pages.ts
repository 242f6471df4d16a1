/**
 * `/problems/<code>`: one short page per error code, so a problem's `type`
 * URI can be opened by whoever meets it (an integrator, an operator).
 */
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../shared/errors';
import { escapeHtml } from '../delivery/messages';

const pages: Record<ErrorCode, { title: string; status: string; text: string }> = {
  invalid_request: { title: 'Invalid request', status: '400', text: 'The body, query or path did not match the API contract, or the body is not JSON. The `errors` list names each field that is wrong. Fix the request; repeating it unchanged will fail again.' },
  payload_too_large: { title: 'Payload too large', status: '413', text: 'The request body is larger than the server accepts (16 KB). No legitimate request is that large.' },
  unsupported_media_type: { title: 'Unsupported media type', status: '415', text: 'The body was sent with a Content-Type the route does not take. Send `application/json`.' },
  invalid_credentials: { title: 'Invalid credentials', status: '401', text: 'The username or password is wrong, or the device registration cannot be used. Deliberately one answer, so that it does not tell which.' },
  invalid_code: { title: 'Invalid code', status: '401', text: 'The second-factor code is wrong, already used or expired, or code entry is paused after too many wrong codes (see Retry-After). Deliberately one answer.' },
  unauthenticated: { title: 'Sign-in needed', status: '401', text: 'The request has no bearer token, an unknown one, or one of the wrong kind for this route. Sign in and send `Authorization: Bearer <token>`.' },
  session_expired: { title: 'Session expired', status: '401', text: "The session passed the organization's maximum age or idle limit. Sign in again with a code." },
  pending_expired: { title: 'Sign-in expired', status: '401', text: 'The password step of this sign-in is spent or too old. Start the sign-in again.' },
  credentials_changed: { title: 'Credentials changed', status: '401', text: 'The password changed, two-step authentication was reset or the registration was revoked since this token was issued. Ask for the password and a code again.' },
  step_up_required: { title: 'Confirmation needed', status: '403', text: 'This change needs a fresh password and second factor (step-up), not just a live session.' },
  admin_two_factor_required: { title: 'Administrator needs two-step authentication', status: '403', text: 'Administrators must protect their own account with two-step authentication (or a passkey) before any admin action. Set it up under Account Settings → Security, then try again. A locked-out last administrator uses the admin CLI on the server.' },
  password_change_required: { title: 'Choose a new password', status: '403', text: 'This account still has the password it was created with (the generated first administrator password). Choose a new one first: `POST /api/v1/me/password` with the current password and the new one. Until then every other account or admin action answers with this code; signing in, setting up two-step authentication and reading `/me` still work.' },
  forbidden: { title: 'Forbidden', status: '403', text: 'The caller is signed in but not allowed to do this (for example, not an administrator).' },
  not_found: { title: 'Not found', status: '404', text: 'Nothing exists at this path, or the record named in it does not exist (or is not yours).' },
  method_not_allowed: { title: 'Method not allowed', status: '405', text: 'The path exists but does not take this HTTP method. The `Allow` header lists the methods it takes.' },
  passkey_refused: { title: 'Passkey refused', status: '401', text: 'The passkey answer could not be accepted: its challenge is unknown, used or expired, it was made for another site, the passkey is not registered (or not yours), or its signature counter went backwards (a possible copy). Try again with a fresh challenge.' },
  rate_limited: { title: 'Too many requests', status: '429', text: 'Too many attempts from this account or address. Wait for the seconds in Retry-After.' },
  conflict: { title: 'Conflict', status: '409', text: 'The request conflicts with the current state: nothing to confirm, already enrolled, and the like.' },
  policy_violation: { title: 'Not allowed by policy', status: '403', text: "The organization's policy forbids this (for example, turning two-step authentication off while it is required)." },
  weak_password: { title: 'Weak password', status: '400', text: 'The password is too short or on the list of known-breached passwords. Choose a longer, unusual one.' },
  unavailable: { title: 'Service unavailable', status: '503', text: 'The server cannot reach its database or another dependency right now. Nothing was changed; try again after the seconds in Retry-After.' },
  internal_error: { title: 'Internal server error', status: '500', text: 'Something failed on the server. The answer carries an `x-request-id`; give it to the operator, who finds the same id in the log.' },
};

export function problemPage(code: string): string | null {
  const page = Object.prototype.hasOwnProperty.call(pages, code) ? pages[code as ErrorCode] : null;
  if (!page) return null;
  const text = escapeHtml(page.text).replace(/`([^`]+)`/g, '<code>$1</code>');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(page.title)} (${code})</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5}@media (prefers-color-scheme:dark){body{background:#1b1b1b;color:#eee}}</style></head>
<body><h1>${escapeHtml(page.title)}</h1>
<p>Code <code>${code}</code> · HTTP ${page.status} · AXIS CloudSync Two-Step Authentication API</p>
<p>${text}</p>
<p>Errors are <code>application/problem+json</code> (RFC 9457); clients branch on <code>code</code>, never on <code>detail</code>.</p></body></html>`;
}

export function problemPageRoutes(app: FastifyInstance): void {
  app.get<{ Params: { code: string } }>('/problems/:code', { schema: { hide: true } }, async (request, reply) => {
    const page = problemPage(request.params.code);
    if (!page) return reply.callNotFound();
    return reply.type('text/html; charset=utf-8').send(page);
  });
}
