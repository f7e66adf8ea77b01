/**
 * The bounds of webhooks, shared by the endpoint API (shared/api/webhooks.ts), the node's schema
 * (shared/scenario/nodes/webhook.ts) and the runtime (server/webhooks/).
 */
export const WEBHOOK_LIMITS = {
  /** Endpoints a shop may configure. */
  endpoints: 50,
  nameLength: 64,
  urlLength: 2048,
  /** Extra key/value fields a node adds to the body's `data`. */
  fields: 10,
  fieldKeyLength: 40,
  /** Characters of one field's Liquid template. */
  fieldValueLength: 500,
  /** Characters of one rendered field value; longer values are cut. */
  renderedValueLength: 2000,
  /** Bytes of a receiver's answer we read at most (the rest is dropped unread). */
  responseBytes: 2048,
} as const;

/** An endpoint name: what marketers pick in the node form and what the node stores. */
export const WEBHOOK_NAME_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u;

/** A field key in the body's `data`: a JSON-friendly identifier. */
export const WEBHOOK_FIELD_KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;
