import { z } from "zod";
import { base36 } from "../domain/clinic.ts";
import { WebhookEventType } from "./events.ts";

/**
 * A clinic's webhook endpoint as stored in MongoDB. `secrets[0]` signs; the ones after it are
 * earlier secrets still inside their rotation overlap (they sign too, until `expiresAt`), so a
 * receiver that has not switched yet keeps verifying. A secret never leaves the API after the
 * response that created it.
 */
export interface WebhookSecret {
  /** Sealed (`v1.…`, secret-box.ts) since WEBHOOK_SECRETS_KEY; older rows hold `whsec_…` in clear. */
  secret: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export type DisabledReason = "gone" | "manual";

export interface WebhookEndpointRecord {
  _id: string;
  clinicId: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: DisabledReason | null;
  secrets: WebhookSecret[];
  createdAt: Date;
  updatedAt: Date;
}

export const DELIVERY_STATUSES = [
  "pending",
  "succeeded",
  "retrying",
  "failed",
  "endpoint_gone",
  "endpoint_disabled",
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export interface DeliveryAttempt {
  at: Date;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

/** One (event, endpoint) delivery and every attempt at it. */
export interface WebhookDeliveryRecord {
  _id: string;
  endpointId: string;
  clinicId: string;
  messageId: string;
  type: string;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
  attemptCount: number;
  lastStatusCode: number | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookEndpointView {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  enabled: boolean;
  disabledReason: DisabledReason | null;
  /** While a rotated-out secret still signs: when it stops. */
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDeliveryView {
  id: string;
  endpointId: string;
  messageId: string;
  type: string;
  status: DeliveryStatus;
  attemptCount: number;
  lastStatusCode: number | null;
  nextAttemptAt: string | null;
  attempts: { at: string; statusCode: number | null; latencyMs: number; error: string | null }[];
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** Secrets that sign at `now`: the current one and any rotated-out one not yet expired. */
export function signingSecrets(e: Pick<WebhookEndpointRecord, "secrets">, now: Date): string[] {
  return e.secrets.filter((s) => s.expiresAt === null || new Date(s.expiresAt) > now).map((s) => s.secret);
}

export function toEndpointView(e: WebhookEndpointRecord, now: Date): WebhookEndpointView {
  const previous = e.secrets.slice(1).filter((s) => s.expiresAt !== null && new Date(s.expiresAt) > now);
  const last = previous.map((s) => new Date(s.expiresAt as Date).getTime()).sort((a, b) => b - a)[0];
  return {
    id: e._id,
    url: e.url,
    description: e.description,
    events: [...e.events],
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    previousSecretExpiresAt: last === undefined ? null : new Date(last).toISOString(),
    createdAt: new Date(e.createdAt).toISOString(),
    updatedAt: new Date(e.updatedAt).toISOString(),
  };
}

/** The log shows the latest attempts; the count says how many there were. */
export const ATTEMPTS_SHOWN = 20;

export function toDeliveryView(d: WebhookDeliveryRecord): WebhookDeliveryView {
  return {
    id: d._id,
    endpointId: d.endpointId,
    messageId: d.messageId,
    type: d.type,
    status: d.status,
    attemptCount: d.attemptCount ?? 0,
    lastStatusCode: d.lastStatusCode ?? null,
    nextAttemptAt: iso(d.nextAttemptAt),
    attempts: (d.attempts ?? []).slice(-ATTEMPTS_SHOWN).map((a) => ({
      at: new Date(a.at).toISOString(),
      statusCode: a.statusCode,
      latencyMs: a.latencyMs,
      error: a.error,
    })),
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}

const ENDPOINT_ID = /^whe_[a-z0-9]{20}$/;
const DELIVERY_ID = /^msg_[A-Za-z0-9._-]{1,160}~whe_[a-z0-9]{20}$/;

export const isEndpointId = (v: string) => ENDPOINT_ID.test(v);
export const isDeliveryId = (v: string) => DELIVERY_ID.test(v);
export const newEndpointId = (random: Uint8Array) => `whe_${base36(random).slice(0, 20).padEnd(20, "0")}`;
export const deliveryIdOf = (messageId: string, endpointId: string) => `${messageId}~${endpointId}`;

/** A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(random: Uint8Array): string {
  let binary = "";
  for (const b of random) binary += String.fromCharCode(b);
  return `whsec_${btoa(binary)}`;
}

const Events = z
  .array(WebhookEventType)
  .min(1)
  .max(WebhookEventType.options.length)
  .refine((e) => new Set(e).size === e.length, "must not repeat an event");
const Description = z.string().trim().max(200);
const Url = z.string().max(2048);

export const EndpointCreateInput = z.strictObject({
  url: Url,
  events: Events,
  description: Description.default(""),
  enabled: z.boolean().default(true),
});
export type EndpointCreateInput = z.infer<typeof EndpointCreateInput>;

/** The HTTP layer refuses an empty change (at least one field). */
export const EndpointUpdateInput = z.strictObject({
  url: Url.optional(),
  events: Events.optional(),
  description: Description.optional(),
  enabled: z.boolean().optional(),
});
export type EndpointUpdateInput = z.infer<typeof EndpointUpdateInput>;

/** How long the rotated-out secret keeps signing (default: the config's overlap). */
export const RotateSecretInput = z.strictObject({
  overlapSeconds: z
    .number()
    .int()
    .min(0)
    .max(7 * 86_400)
    .optional(),
});
