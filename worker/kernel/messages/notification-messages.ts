import { IANAZone } from "luxon";
import { z } from "zod";
import { Appointment } from "../domain/appointment.ts";

/**
 * Messages on the notifications queue. Each carries the appointment as it was at the version
 * that caused it, so the email describes that change even when later ones have happened since;
 * delivery is keyed by (appointment, kind, version) and never repeats.
 */
export const CHANGE_KINDS = [
  "booked",
  "held",
  "payment_received",
  "rescheduled",
  "cancelled",
  "hold_expired",
  "completed",
  "no_show",
] as const;
export const ChangeKind = z.enum(CHANGE_KINDS);
export type ChangeKind = z.infer<typeof ChangeKind>;
export type NotificationKind = ChangeKind | "reminder";

const TimeZone = z.string().refine((z) => IANAZone.isValidZone(z), "must be an IANA time zone");

/** One appointment change, produced by the doctor's DO when it commits the change. */
export const AppointmentChangeNotification = z.object({
  type: z.literal("appointment.change"),
  kind: ChangeKind,
  appointment: Appointment,
  // What the cancellation policy refunds (integer paise); only meaningful for `cancelled`.
  refundDuePaise: z.number().int().min(0).optional(),
  // The zone the patient booked from (the browser's), when known; otherwise the doctor's is used.
  patientTimeZone: TimeZone.optional(),
});

/** A reminder the doctor's DO alarm decided is due, at one of the configured offsets. */
export const ReminderNotification = z.object({
  type: z.literal("appointment.reminder"),
  // The offset as configured ("24h", "2h", "1d"): with the version, it names this reminder.
  offset: z.string().regex(/^\d{1,4}[mhd]$/),
  appointment: Appointment,
  patientTimeZone: TimeZone.optional(),
});

export const NotificationMessage = z.discriminatedUnion("type", [AppointmentChangeNotification, ReminderNotification]);
export type NotificationMessage = z.infer<typeof NotificationMessage>;

/** The kind a message is delivered under: reminders are told apart by their offset. */
export function deliveryKind(message: NotificationMessage): string {
  return message.type === "appointment.change" ? message.kind : `reminder-${message.offset}`;
}
