/**
 * Typed calls of the admin API, on top of ApiClient (which stays the one place
 * that calls fetch). Used by the portal's Admin pages and by the tests.
 */
import type { ApiClient } from './api-client';
import { AdminPaths } from './admin-routes';
import type {
  AdminAuditQuery,
  AdminAuditResponse,
  AdminCreateUserRequest,
  AdminPolicyResponse,
  AdminPolicyUpdate,
  AdminUser,
  AdminUserResponse,
  AdminUsersQuery,
  AdminUsersResponse,
} from './admin-schemas';
import type { RegistrationInfo, RegistrationsResponse } from './schemas';

/** "?a=1&b=x" from the defined, non-empty values (numbers as digit strings). */
export function queryString(query: Record<string, string | number | undefined | null>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

type Query<T> = { [K in keyof T]?: T[K] | number };

export class AdminClient {
  constructor(private readonly api: ApiClient) {}

  policy(): Promise<AdminPolicyResponse> {
    return this.api.request('GET', AdminPaths.policy);
  }
  setPolicy(update: AdminPolicyUpdate): Promise<AdminPolicyResponse> {
    return this.api.request('PUT', AdminPaths.policy, update);
  }
  users(query: Query<AdminUsersQuery> = {}): Promise<AdminUsersResponse> {
    return this.api.request('GET', AdminPaths.users + queryString(query));
  }
  async user(id: string): Promise<AdminUser> {
    return (await this.api.request<AdminUserResponse>('GET', AdminPaths.user(id))).user;
  }
  async createUser(body: AdminCreateUserRequest): Promise<AdminUser> {
    return (await this.api.request<AdminUserResponse>('POST', AdminPaths.users, body)).user;
  }
  /** Needs the admin's fresh step-up (ApiClient.stepUp). */
  async resetTwoFactor(id: string): Promise<AdminUser> {
    return (await this.api.request<AdminUserResponse>('POST', AdminPaths.resetTwoFactor(id), {})).user;
  }
  async unlock(id: string): Promise<AdminUser> {
    return (await this.api.request<AdminUserResponse>('POST', AdminPaths.unlock(id), {})).user;
  }
  async registrations(id: string): Promise<RegistrationInfo[]> {
    return (await this.api.request<RegistrationsResponse>('GET', AdminPaths.userRegistrations(id))).registrations;
  }
  revokeRegistration(id: string, registrationId: string): Promise<void> {
    return this.api.request('DELETE', AdminPaths.userRegistration(id, registrationId));
  }
  audit(query: Query<AdminAuditQuery> = {}): Promise<AdminAuditResponse> {
    return this.api.request('GET', AdminPaths.audit + queryString(query));
  }
  /** CSV text (same filters as audit, no paging). */
  exportAudit(query: Omit<Query<AdminAuditQuery>, 'offset' | 'limit'> = {}): Promise<string> {
    return this.api.requestText(AdminPaths.auditExport + queryString(query));
  }
}
