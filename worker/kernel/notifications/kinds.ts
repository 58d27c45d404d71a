import type { AppointmentView, HistoryEntry } from "../domain/appointment.ts";
import { DEFAULT_REFUND_POLICY, refundFor } from "../domain/refund-policy.ts";
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
  return { type: "appointment.change", kind, appointment, refundDuePaise: refundDue(appointment, last) };
}

/**
 * The refund a cancellation is due under the refund policy: the fee if it was paid (the
 * appointment went from held to booked, which only a payment does), by who cancelled and how
 * early. Doctors cannot set their own policy yet, so it is the default one.
 */
function refundDue(appointment: AppointmentView, cancellation: HistoryEntry): number {
  const paid = appointment.history.some((e) => e.fromStatus === "held" && e.toStatus === "booked");
  return refundFor(DEFAULT_REFUND_POLICY, {
    refundablePaise: paid ? appointment.feePaise : 0,
    startMs: Date.parse(appointment.start),
    cancelledAtMs: Date.parse(cancellation.at),
    cancelledBy: cancellation.actor.role,
  }).amountPaise;
}
