import { z } from "zod";
import type { ActorRole, AppointmentView } from "../domain/appointment.ts";
import { changeKindOf } from "../notifications/kinds.ts";

/**
 * The events a clinic may subscribe its webhook endpoints to. The payment ones are declared (and
 * can be chosen) but nothing produces them: a clinic's bookings are booked at once (the clinic
 * settles with its patients), so no payment ever happens on them through us.
 */
export const WEBHOOK_EVENT_TYPES = [
  "appointment.booked",
  "appointment.rescheduled",
  "appointment.cancelled",
  "appointment.completed",
  "appointment.no_show",
  "payment.captured",
  "payment.refunded",
] as const;
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** Sent only by "send test event", whatever the endpoint subscribes to. */
export const TEST_EVENT_TYPE = "webhook.test";

/** Bumped when `data` changes incompatibly; receivers can branch on it. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

/** Who asked for a change, as receivers see it ("system" changes are the platform's: admin). */
export const RequestedBy = z.enum(["doctor", "patient", "clinic", "admin"]);
export type RequestedBy = z.infer<typeof RequestedBy>;

/** The Standard Webhooks payload: `{type, timestamp, data}`. */
export const WebhookPayload = z.object({
  type: z.string().min(1).max(64),
  timestamp: z.iso.datetime(),
  data: z.record(z.string(), z.unknown()),
});
export type WebhookPayload = z.infer<typeof WebhookPayload>;

export interface WebhookEvent {
  /** The `webhook-id`: one per event, the same for every endpoint and every retry. */
  messageId: string;
  clinicId: string;
  payload: WebhookPayload;
}

const requestedBy = (role: ActorRole): RequestedBy => (role === "system" ? "admin" : role);

/** The clinic's own patient reference: clinic patients are `<clinicId>:<ref>`. */
function patientRefOf(a: AppointmentView): string | null {
  const prefix = `${a.clinicId}:`;
  return a.patientId.startsWith(prefix) ? a.patientId.slice(prefix.length) : null;
}

/**
 * The webhook event an appointment snapshot means for the clinic that booked it, or null (not a
 * clinic booking, or a change clinics are not told about: a hold, an expiry, attendance). Read
 * from the snapshot's last history entry like the emails (notifications/kinds.ts): a paid booking
 * is "booked" when the payment turns the hold into a booking.
 */
export function webhookEventOf(a: AppointmentView): WebhookEvent | null {
  if (!a.clinicId) return null;
  const last = a.history.at(-1);
  if (!last || last.version !== a.version) return null;
  const kind = changeKindOf(last);
  const base = {
    version: WEBHOOK_PAYLOAD_VERSION,
    appointment: {
      id: a.id,
      doctorId: a.doctorId,
      clinicId: a.clinicId,
      patientRef: patientRefOf(a),
      start: a.start,
      end: a.end,
      status: a.status,
      feePaise: a.feePaise,
      version: a.version,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
    },
  };
  let type: WebhookEventType;
  let extra: Record<string, unknown> = {};
  switch (kind) {
    case "booked":
    case "payment_received":
      type = "appointment.booked";
      break;
    case "rescheduled":
      type = "appointment.rescheduled";
      extra = { requestedBy: requestedBy(last.actor.role), previousStart: last.fromStart, reason: last.reason };
      break;
    case "cancelled":
      type = "appointment.cancelled";
      extra = { requestedBy: requestedBy(last.actor.role), reason: last.reason };
      break;
    case "completed":
      type = "appointment.completed";
      break;
    case "no_show":
      type = "appointment.no_show";
      break;
    default:
      return null;
  }
  return {
    messageId: `msg_${a.id}_v${a.version}`,
    clinicId: a.clinicId,
    payload: { type, timestamp: last.at, data: { ...base, ...extra } },
  };
}

/** The payload of a test event (no appointment behind it). */
export function testEventPayload(endpointId: string, now: Date): WebhookPayload {
  return {
    type: TEST_EVENT_TYPE,
    timestamp: now.toISOString(),
    data: { version: WEBHOOK_PAYLOAD_VERSION, endpointId, message: "A test event from Prescripto" },
  };
}
