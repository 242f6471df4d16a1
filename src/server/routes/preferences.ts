/** The signed-in user's preferences: language and time zone (Account Settings). */
import type { FastifyInstance } from 'fastify';
import { Paths } from '../../shared/routes';
import { PreferencesRequest, PreferencesResponse } from '../../shared/preference-schemas';
import type { Services } from '../services';
import { bearer, requestContext, requireSession } from '../http/auth';

export function preferenceRoutes(app: FastifyInstance, services: Services): void {
  app.put<{ Body: PreferencesRequest }>(
    Paths.preferences,
    {
      config: { auth: 'session' },
      schema: {
        tags: ['account'],
        summary: 'Save my language (null: follow the browser) and time zone',
        description: 'The language of the portal, and of emails and text messages (null: the organization’s default). The time zone dates in emails are written in (else UTC).',
        security: bearer,
        body: PreferencesRequest,
        response: { 200: PreferencesResponse },
      },
    },
    async (request) => {
      const auth = await requireSession(services, request);
      return services.preferences.set(auth, request.body, requestContext(request, auth));
    },
  );
}
