import { useEffect, useState } from "react";
import type { Appointment, Doctor } from "../api/types";
import { AddToCalendar, StatusBadge } from "../components/AppointmentBits";
import { ErrorPanel, PageLoading, useDocumentTitle, useFocusAfterRetry } from "../components/States";
import { buttonPrimary, card, linkClass, pageTitle } from "../components/ui";
import { formatFee } from "../format";
import { browserZone, formatDateTime, formatTime } from "../lib/time";
import { type PaymentOutcome, payForAppointment } from "../payments/checkout";
import { useAppointment } from "../queries/appointments";
import { useDoctors } from "../queries/doctors";
import { Link, useParams, useSearchParams } from "../router";

/** One appointment; right after booking (`?new=1`) it is the confirmation page. */
export default function AppointmentPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const appointment = useAppointment(id);
  const directory = useDoctors();
  const { target, retried } = useFocusAfterRetry(appointment.isSuccess);
  const isNew = params.get("new") === "1";
  useDocumentTitle(isNew ? "Booking confirmed" : "Appointment");

  if (appointment.isPending) return <PageLoading />;
  if (appointment.isError) {
    return (
      <ErrorPanel
        title="We couldn't load this appointment"
        error={appointment.error}
        onRetry={() => {
          retried();
          void appointment.refetch();
        }}
      />
    );
  }
  const a = appointment.data;
  const doctor = directory.data?.doctors.find((d) => d.id === a.doctorId);
  const zone = browserZone();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 ref={target} tabIndex={-1} className={`${pageTitle} outline-none`}>
        {a.status === "held"
          ? "Complete your payment"
          : isNew && a.status === "booked"
            ? "You're booked"
            : "Your appointment"}
      </h1>
      <section aria-label="Details" className={`${card} space-y-2`}>
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-lg font-semibold text-slate-900">{doctor?.name ?? "Your doctor"}</p>
          <StatusBadge status={a.status} />
        </div>
        {doctor && <p className="text-indigo-700">{doctor.speciality}</p>}
        <p className="text-slate-900" data-testid="appointment-when">
          {formatDateTime(a.start, zone)} – {formatTime(a.end, zone)}
        </p>
        {doctor && (
          <p className="text-sm text-slate-700">
            {[doctor.address.line1, doctor.address.line2, doctor.address.city].filter(Boolean).join(", ")}
          </p>
        )}
        <p className="text-sm text-slate-800">Fee: {formatFee(a.feePaise, "INR")}</p>
        {a.status === "booked" && <AddToCalendar appointment={a} doctor={doctor} />}
      </section>
      {a.status === "held" && <PaymentStep appointment={a} doctor={doctor} />}
      <p className="flex flex-wrap gap-4 text-sm">
        <Link to="/appointments" className={linkClass}>
          All my appointments
        </Link>
        <Link to="/doctors" className={linkClass}>
          Book another doctor
        </Link>
      </p>
    </div>
  );
}

/** A held slot: the countdown to its release and the pay action (see payments/checkout.ts). */
function PaymentStep({ appointment, doctor }: { appointment: Appointment; doctor: Doctor | undefined }) {
  const [now, setNow] = useState(Date.now());
  const [outcome, setOutcome] = useState<PaymentOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const left = appointment.holdExpiresAt ? Math.max(0, Date.parse(appointment.holdExpiresAt) - now) : 0;
  const mm = Math.floor(left / 60_000);
  const ss = String(Math.floor((left % 60_000) / 1000)).padStart(2, "0");
  return (
    <section aria-labelledby="pay" className={`${card} space-y-3`}>
      <h2 id="pay" className="text-lg font-bold text-slate-900">
        Pay {formatFee(appointment.feePaise, "INR")} to confirm{doctor ? ` with ${doctor.name}` : ""}
      </h2>
      <p className="text-slate-800" data-testid="hold-countdown">
        {left > 0 ? (
          <>
            We're holding this time for you for{" "}
            <strong className="tabular-nums">
              {mm}:{ss}
            </strong>
            . If you don't pay by then, it is released for others.
          </>
        ) : (
          "The hold has ended and the time was released. Please choose a time again."
        )}
      </p>
      <button
        type="button"
        className={buttonPrimary}
        disabled={busy || left === 0}
        onClick={async () => {
          setBusy(true);
          setOutcome(await payForAppointment(appointment.id));
          setBusy(false);
        }}
      >
        {busy ? "Opening payment…" : "Pay now"}
      </button>
      <p aria-live="polite" className="text-sm text-slate-800">
        {outcome && outcome.status !== "paid" && outcome.status !== "dismissed" ? outcome.message : ""}
        {outcome?.status === "dismissed" ? "Payment was not completed; your slot stays held until the time above." : ""}
      </p>
    </section>
  );
}
