import type { Policy, PolicyHistory, PolicyRequest } from '../../../shared/api/policy';
import { api } from '../api/http';

/** Client of /api/settings/policy (server/api/routes/settings.ts); the shapes are shared/api/policy.ts. */

export type { Policy, PolicyRequest };

export const getPolicy = () => api<Policy>('GET', '/api/settings/policy');

export const savePolicy = (policy: PolicyRequest) => api<Policy>('PUT', '/api/settings/policy', policy);

export const getPolicyHistory = () => api<PolicyHistory>('GET', '/api/settings/policy/history').then((h) => h.versions);
