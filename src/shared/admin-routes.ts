/** The admin API's paths, for the server, the portal and the tests (no TypeBox here: safe for browser bundles). */
import { apiPrefix, withId } from './routes';

export const adminPrefix = `${apiPrefix}/admin`;

export const AdminPatterns = {
  user: `${adminPrefix}/users/:id`,
  resetTwoFactor: `${adminPrefix}/users/:id/reset-2fa`,
  unlock: `${adminPrefix}/users/:id/unlock`,
  userRegistrations: `${adminPrefix}/users/:id/registrations`,
  userRegistration: `${adminPrefix}/users/:id/registrations/:registrationId`,
} as const;


export const AdminPaths = {
  policy: `${adminPrefix}/policy`,
  users: `${adminPrefix}/users`,
  user: withId(AdminPatterns.user),
  resetTwoFactor: withId(AdminPatterns.resetTwoFactor),
  unlock: withId(AdminPatterns.unlock),
  userRegistrations: withId(AdminPatterns.userRegistrations),
  userRegistration: (id: string, registrationId: string) =>
    withId(AdminPatterns.userRegistration)(id).replace(':registrationId', encodeURIComponent(registrationId)),
  audit: `${adminPrefix}/audit`,
  auditExport: `${adminPrefix}/audit/export`,
} as const;
