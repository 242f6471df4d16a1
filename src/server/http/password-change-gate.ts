/**
 * While a user's password is marked for change (a generated first password),
 * their session may only: read /me and the policy, change the password, confirm
 * it's them (step-up, for adding a passkey), add a passkey, and sign out;
 * two-step enrolment (pending-or-session routes) is not account-tagged and goes
 * on. Every other account or admin route answers 403 password_change_required.
 * Registered after the auth hook, so request.auth is already the session.
 */
import type { FastifyInstance } from 'fastify';
import { PasskeyPaths } from '../../shared/passkey-routes';
import { Paths } from '../../shared/routes';
import type { Services } from '../services';
import { passwordChangeRequired } from '../services/password-change';

const gatedTags = new Set(['account', 'admin']);

/** Route URLs (patterns) a user with a marked password may still use. */
export const allowedDuringPasswordChange = new Set<string>([
  Paths.me,
  Paths.policy,
  Paths.changePassword,
  Paths.stepUp,
  PasskeyPaths.registrationOptions,
  PasskeyPaths.list, // GET (list) and POST (add)
  PasskeyPaths.stepUpOptions,
  PasskeyPaths.stepUp,
]);

export function installPasswordChangeGate(app: FastifyInstance, _services: Services): void {
  app.addHook('onRequest', async (request) => {
    if (request.auth?.kind !== 'session') return;
    const tags = (request.routeOptions.schema as { tags?: string[] } | undefined)?.tags ?? [];
    if (!tags.some((t) => gatedTags.has(t))) return;
    const url = request.routeOptions.url ?? '';
    if (allowedDuringPasswordChange.has(url)) return;
    // Read with the session (TokenService's one joined read): no query of its own.
    if (Number(request.auth.user.password_change_required ?? 0) === 1) throw passwordChangeRequired();
  });
}
