import { type RefObject, useEffect, useRef, useState } from "react";
import type { Appointment, Doctor } from "../api/types";
import { formatFee } from "../format";
import { formatCountdown } from "../lib/payment-view";
import { browserZone, formatTime } from "../lib/time";
import { type PaymentOutcome, payForAppointment } from "../payments/checkout";
import { useAfterChange } from "../queries/appointments";
import { useNavigate } from "../router";
import { buttonPrimary, card } from "./ui";

type Unpaid = Exclude<PaymentOutcome, { status: "paid" }>;

/** Ticks every second while mounted: the hold's countdown. */
function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

/**
 * A held slot: the countdown to its release and Pay, which opens Razorpay Checkout. A failed or
 * closed payment says what happens to the hold and offers to try again; paid → the confirmation.
 */
export function PaymentStep(props: { appointment: Appointment; doctor: Doctor | undefined; onHoldOver: () => void }) {
  const { appointment, doctor, onHoldOver } = props;
  const now = useNow();
  const [outcome, setOutcome] = useState<Unpaid | null>(null);
  const [busy, setBusy] = useState(false);
  const after = useAfterChange();
  const navigate = useNavigate();
  const noticeRef = useRef<HTMLDivElement>(null);
  const expiresAt = appointment.holdExpiresAt ? Date.parse(appointment.holdExpiresAt) : 0;
  const left = Math.max(0, expiresAt - now);
  const over = left === 0;

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the hold runs out
  useEffect(() => {
    if (over) onHoldOver();
  }, [over]);

  async function pay() {
    setBusy(true);
    setOutcome(null);
    const result = await payForAppointment(appointment.id);
    setBusy(false);
    if (result.status === "paid") {
      after(result.appointment);
      navigate(`/appointments/${appointment.id}?new=1`, { replace: true });
      return;
    }
    setOutcome(result);
    if (result.status === "unavailable") onHoldOver();
    queueMicrotask(() => noticeRef.current?.focus());
  }

  const until = appointment.holdExpiresAt ? formatTime(appointment.holdExpiresAt, browserZone()) : "";
  return (
    <section aria-labelledby="pay" className={`${card} space-y-4`} data-testid="payment-step">
      <h2 id="pay" className="text-lg font-bold text-slate-900">
        Pay {formatFee(appointment.feePaise, "INR")} to confirm{doctor ? ` with ${doctor.name}` : ""}
      </h2>
      <p className="text-slate-800" data-testid="hold-countdown">
        {over ? (
          "The hold has ended."
        ) : (
          <>
            We're holding this time for you for{" "}
            <strong className="tabular-nums" aria-hidden="true">
              {formatCountdown(left)}
            </strong>
            <span className="sr-only">until {until}</span>. If you don't pay by {until}, it is released for others.
          </>
        )}
      </p>
      {outcome && <Notice outcome={outcome} until={until} over={over} noticeRef={noticeRef} />}
      {!over && (
        <button type="button" className={`w-full sm:w-auto ${buttonPrimary}`} disabled={busy} onClick={pay}>
          {busy ? "Waiting for payment…" : outcome ? "Try again" : `Pay ${formatFee(appointment.feePaise, "INR")}`}
        </button>
      )}
      <p className="text-xs text-slate-700">Payments are handled by Razorpay. We never see your card details.</p>
    </section>
  );
}

function Notice(props: { outcome: Unpaid; until: string; over: boolean; noticeRef: RefObject<HTMLDivElement | null> }) {
  const { outcome, until, over } = props;
  const title =
    outcome.status === "failed"
      ? "Your payment didn't go through"
      : outcome.status === "dismissed"
        ? "Payment not completed"
        : "We couldn't take the payment";
  const detail = outcome.status === "failed" || outcome.status === "unavailable" ? outcome.message : null;
  return (
    <div
      ref={props.noticeRef}
      tabIndex={-1}
      role="alert"
      data-testid="payment-notice"
      className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-950 outline-none"
    >
      <p className="font-semibold">{title}</p>
      {detail && <p className="mt-1">{detail}</p>}
      {!over && (
        <p className="mt-1">
          {outcome.status === "unavailable" ? "" : "No money was taken. "}
          {`Your time stays held for you until ${until}. After that it is released for other patients.`}
        </p>
      )}
    </div>
  );
}
