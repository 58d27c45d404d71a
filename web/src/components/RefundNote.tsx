import type { Appointment } from "../api/types";
import { formatFee } from "../format";
import { refundablePaise } from "../lib/payment-view";
import { quoteWording } from "../lib/refund-quote";
import { useRefundQuote } from "../queries/appointments";

/** Before a cancellation is confirmed: what was paid and what the doctor's policy gives back now. */
export function RefundNote({ appointment }: { appointment: Appointment }) {
  const refundable = refundablePaise(appointment.payment);
  const quote = useRefundQuote(appointment.id, appointment.status === "booked" && refundable > 0);
  if (appointment.status === "held") {
    return <p className="mt-3">Nothing has been charged for this booking, so there is nothing to refund.</p>;
  }
  if (refundable === 0) return null;
  const paid = `You paid ${formatFee(refundable, "INR")}.`;
  return (
    <p className="mt-3 rounded-lg bg-slate-50 px-3 py-2" data-testid="refund-preview" aria-live="polite">
      {paid}{" "}
      {quote.isPending
        ? "Checking what your doctor's cancellation policy refunds…"
        : quote.isError
          ? "The refund follows your doctor's cancellation policy and is shown here as soon as you cancel."
          : quoteWording(quote.data)}
    </p>
  );
}
