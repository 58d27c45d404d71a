import type { OutgoingEmail } from "../clients/email.ts";
import { deliveryKind, type NotificationMessage } from "../messages/notification-messages.ts";
import { buildInvite, inviteMethodFor } from "./invite.ts";
import { signLink } from "./links.ts";
import { type RecipientRole, recipientsFor, renderNotification } from "./templates/render.ts";

/**
 * Turns one notification message, and what MongoDB knows about the people in it, into the
 * emails to send: one per recipient, each with its delivery key (appointment, kind, version,
 * recipient) that is both our once-only record and the provider's Idempotency-Key. Pure apart
 * from HMAC signing, and deterministic: the same input always gives the same emails, so a retry
 * sends exactly what the first attempt sent.
 */
export interface ComposeContext {
  doctor: {
    name: string;
    email: string;
    speciality: string;
    timeZone: string;
    address: { line1: string; line2?: string; city: string };
  };
  /** timeZone: the zone the patient chose (null: unknown, then the message's or the doctor's). */
  patient: { name: string; email: string; timeZone?: string | null } | null;
  current: { version: number; status: string; start: string } | null;
}

export interface ComposeSettings {
  appBaseUrl: string;
  from: string;
  linkSecret?: string;
}

export interface Delivery {
  key: string;
  recipient: RecipientRole;
  email: OutgoingEmail | null;
  /** Why nothing is sent for this recipient (recorded, so it is not retried). */
  skip?: string;
}

export interface Composed {
  kind: string;
  deliveries: Delivery[];
  /** The whole message is moot (a reminder for an appointment that changed since). */
  stale?: string;
}

export function deliveryKey(appointmentId: string, kind: string, version: number, recipient: RecipientRole): string {
  return `${appointmentId}|${kind}|v${version}|${recipient}`;
}

export function parseSender(from: string): { name: string; email: string } {
  const m = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(from);
  return m ? { name: m[1] || (m[2] as string), email: m[2] as string } : { name: from, email: from };
}

/** A reminder is only for the appointment as it still is: booked, at the time it was issued for. */
export function staleReminder(message: NotificationMessage, current: ComposeContext["current"]): string | null {
  if (message.type !== "appointment.reminder") return null;
  if (message.appointment.status !== "booked") return `appointment is ${message.appointment.status}`;
  if (!current || current.version <= message.appointment.version) return null;
  if (current.status !== "booked") return `appointment is now ${current.status}`;
  if (new Date(current.start).getTime() !== new Date(message.appointment.start).getTime()) return "appointment moved";
  return null;
}

export async function composeNotification(
  message: NotificationMessage,
  ctx: ComposeContext,
  settings: ComposeSettings,
): Promise<Composed> {
  const a = message.appointment;
  const kind = deliveryKind(message);
  const stale = staleReminder(message, ctx.current);
  if (stale) return { kind, deliveries: [], stale };
  const templateKind = message.type === "appointment.change" ? message.kind : "reminder";
  const patientZone = ctx.patient?.timeZone ?? message.patientTimeZone ?? ctx.doctor.timeZone;
  const base = settings.appBaseUrl.replace(/\/$/, "");
  const manage = `${base}/appointments/${encodeURIComponent(a.id)}`;
  const deliveries: Delivery[] = [];
  for (const recipient of recipientsFor(templateKind)) {
    const key = deliveryKey(a.id, kind, a.version, recipient);
    if (recipient === "patient") {
      if (!ctx.patient) {
        deliveries.push({ key, recipient, email: null, skip: "patient account deleted or missing" });
        continue;
      }
      const links: { manage: string; confirm?: string; cancel?: string } = { manage };
      if (message.type === "appointment.reminder" && settings.linkSecret) {
        // Valid until the appointment starts: after that there is nothing to confirm or cancel.
        const expiresAt = Math.floor(new Date(a.start).getTime() / 1000);
        for (const action of ["confirm", "cancel"] as const) {
          const token = await signLink(settings.linkSecret, {
            appointmentId: a.id,
            version: a.version,
            action,
            expiresAt,
          });
          links[action] = `${base}/appointment-links/${action}?token=${encodeURIComponent(token)}`;
        }
      }
      const rendered = renderNotification({
        kind: templateKind,
        appointment: a,
        doctor: ctx.doctor,
        recipient: { role: "patient", name: ctx.patient.name, timeZone: patientZone },
        links,
        ...(message.type === "appointment.change" && message.refundDuePaise !== undefined
          ? { refundDuePaise: message.refundDuePaise }
          : {}),
        ...(message.type === "appointment.reminder" ? { reminderOffset: message.offset } : {}),
      });
      const method = message.type === "appointment.change" ? inviteMethodFor(a) : null;
      const invite =
        method && kindCarriesInvite(templateKind)
          ? buildInvite(
              {
                appointment: a,
                doctor: ctx.doctor,
                patient: ctx.patient,
                organizer: parseSender(settings.from),
                manageUrl: manage,
              },
              method,
            )
          : null;
      deliveries.push({
        key,
        recipient,
        email: {
          to: ctx.patient.email,
          ...rendered,
          ...(invite
            ? { attachments: [{ filename: invite.filename, content: invite.ics, contentType: invite.contentType }] }
            : {}),
          idempotencyKey: key,
        },
      });
    } else {
      const rendered = renderNotification({
        kind: templateKind,
        appointment: a,
        doctor: ctx.doctor,
        recipient: { role: "doctor", name: ctx.doctor.name, timeZone: ctx.doctor.timeZone },
        ...(ctx.patient ? { patientName: ctx.patient.name } : {}),
        links: { manage: `${base}/doctor` },
      });
      deliveries.push({ key, recipient, email: { to: ctx.doctor.email, ...rendered, idempotencyKey: key } });
    }
  }
  return { kind, deliveries };
}

/** The changes that put, move or remove the event in the patient's calendar. */
function kindCarriesInvite(kind: string): boolean {
  return ["booked", "payment_received", "rescheduled", "cancelled", "hold_expired"].includes(kind);
}
