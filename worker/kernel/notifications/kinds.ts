import type { AppointmentView, HistoryEntry } from "../domain/appointment.ts";
import type { ChangeKind, NotificationMessage } from "../messages/notification-messages.ts";

/**
 * Which notification an appointment change sends, from the history entry the change wrote
 * (statuses and starts, not the entry's free-form type). Paid bookings become `booked` from
 * `held`: that is the payment arriving. A change that keeps the status and the start (a patient
 * confirming attendance, a move to the same slot) sends nothing: null.
 */
export function changeKindOf(
  entry: Pick<HistoryEntry, "fromStatus" | "toStatus" | "fromStart" | "toStart">,
): ChangeKind | null {
  const { fromStatus, toStatus } = entry;
  if (fromStatus === null) return toStatus === "held" ? "held" : "booked";
  if (fromStatus === "held" && toStatus === "booked") return "payment_received";
  if (toStatus === "cancelled") return "cancelled";
  if (toStatus === "expired") return "hold_expired";
  if (toStatus === "completed") return "completed";
  if (toStatus === "no_show") return "no_show";
  if (entry.fromStart !== null && entry.toStart !== null && entry.fromStart !== entry.toStart) return "rescheduled";
  return null;
}

/**
 * The notification an appointment snapshot sends: the kind of its last history entry, which
 * must be the entry of the snapshot's own version (a snapshot whose history does not reach its
 * version describes no change we can name, so it sends nothing).
 */
export function changeNotification(appointment: AppointmentView): NotificationMessage | null {
  const last = appointment.history.at(-1);
  if (!last || last.version !== appointment.version) return null;
  const kind = changeKindOf(last);
  if (!kind) return null;
  if (kind !== "cancelled") return { type: "appointment.change", kind, appointment };
  return { type: "appointment.change", kind, appointment, refundDuePaise: refundDue(appointment) };
}

/**
 * The refund a cancellation gives: what the doctor's DO recorded on the appointment in the same
 * transaction as the cancel (by the doctor's own policy), so the email says exactly what is
 * refunded. Refunds that failed are retried under a new record, so only those count.
 */
function refundDue(appointment: AppointmentView): number {
  const refunds = appointment.payment?.refunds ?? [];
  return refunds.filter((r) => r.status !== "failed").reduce((sum, r) => sum + r.amountPaise, 0);
}
