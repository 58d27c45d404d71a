import type { Appointment } from "../api/types";
import { formatFee } from "../format";
import { refundablePaise } from "../lib/payment-view";

/** Before a cancellation is confirmed: what was paid and what comes back. */
export function RefundNote({ appointment }: { appointment: Appointment }) {
  const refundable = refundablePaise(appointment.payment);
  if (appointment.status === "held") {
    return <p className="mt-3">Nothing has been charged for this booking, so there is nothing to refund.</p>;
  }
  if (refundable === 0) return null;
  return (
    <p className="mt-3 rounded-lg bg-slate-50 px-3 py-2" data-testid="refund-preview">
      You paid {formatFee(refundable, "INR")}. The refund follows your doctor's cancellation policy and is shown here as
      soon as you cancel.
    </p>
  );
}
