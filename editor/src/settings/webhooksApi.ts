import { create } from 'zustand';
import type { WebhookEndpoint, WebhookEndpointCreate, WebhookEndpointList, WebhookEndpointNames, WebhookEndpointUpdate, WebhookEndpointWithSecret } from '../../../shared/api/webhooks';
import { api } from '../api/http';

/** Client of /api/settings/webhooks (server/api/routes/webhooks.ts); the shapes are shared/api/webhooks.ts. */

export type { WebhookEndpoint };

export const listWebhooks = () => api<WebhookEndpointList>('GET', '/api/settings/webhooks');
export const createWebhook = (input: WebhookEndpointCreate) => api<WebhookEndpointWithSecret>('POST', '/api/settings/webhooks', input);
export const updateWebhook = (id: number, input: WebhookEndpointUpdate) => api<WebhookEndpoint>('PUT', `/api/settings/webhooks/${id}`, input);
export const rotateWebhookSecret = (id: number) => api<WebhookEndpointWithSecret>('POST', `/api/settings/webhooks/${id}/secret`);
export const deleteWebhook = (id: number) => api<void>('DELETE', `/api/settings/webhooks/${id}`);

type Names = WebhookEndpointNames['endpoints'];

/**
 * The endpoint names the webhook node can pick, loaded once per page and again after the settings change them; the
 * editor's live validation checks nodes against them (null until loaded, or when this user may not read them).
 */
export const useWebhookNames = create<{ names: Names | null; error: string | null; loading: boolean; load(force?: boolean): void }>((set, get) => ({
  names: null,
  error: null,
  loading: false,
  load(force = false) {
    if (get().loading || (!force && (get().names || get().error))) return;
    set({ loading: true });
    api<WebhookEndpointNames>('GET', '/api/settings/webhooks/names').then(
      (r) => set({ names: r.endpoints, error: null, loading: false }),
      (e) => set({ error: e instanceof Error ? e.message : String(e), loading: false }),
    );
  },
}));
