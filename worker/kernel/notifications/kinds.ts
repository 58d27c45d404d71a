import type { HistoryEntry } from "../domain/appointment.ts";
import type { ChangeKind } from "../messages/notification-messages.ts";

/**
 * Which notification an appointment change sends, from the history entry the change wrote
 * (statuses and starts, not the entry's free-form type), so the doctor's DO can enqueue the
 * right kind with each change it commits. Paid bookings become `booked` from `held`: that is
 * the payment arriving.
 */
export function changeKindOf(
  entry: Pick<HistoryEntry, "fromStatus" | "toStatus" | "fromStart" | "toStart">,
): ChangeKind {
  const { fromStatus, toStatus } = entry;
  if (fromStatus === null) return toStatus === "held" ? "held" : "booked";
  if (fromStatus === "held" && toStatus === "booked") return "payment_received";
  if (toStatus === "cancelled") return "cancelled";
  if (toStatus === "expired") return "hold_expired";
  if (toStatus === "completed") return "completed";
  if (toStatus === "no_show") return "no_show";
  if (entry.fromStart !== null && entry.toStart !== null && entry.fromStart !== entry.toStart) return "rescheduled";
  return toStatus === "held" ? "held" : "booked";
}
