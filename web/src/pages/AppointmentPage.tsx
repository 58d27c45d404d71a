import { useState } from "react";
import { AddToCalendar, MoneyState, StatusBadge, shownStatus } from "../components/AppointmentBits";
import { HoldExpired } from "../components/HoldExpired";
import { PaymentStep } from "../components/PaymentStep";
import { ErrorPanel, PageLoading, useDocumentTitle, useFocusAfterRetry } from "../components/States";
import { card, linkClass, pageTitle } from "../components/ui";
import { formatFee } from "../format";
import { browserZone, formatDateTime, formatTime } from "../lib/time";
import { useAppointment } from "../queries/appointments";
import { useDoctors } from "../queries/doctors";
import { Link, useParams, useSearchParams } from "../router";

/** One appointment; right after booking (`?new=1`) it is the confirmation page. */
export default function AppointmentPage() {
  const { id = "" } = useParams();
  const [params] = useSearchParams();
  const appointment = useAppointment(id);
  const [, setHoldEnded] = useState(false);
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
  const holdOver = a.status === "expired" || (a.status === "held" && Date.parse(a.holdExpiresAt ?? "") <= Date.now());
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 ref={target} tabIndex={-1} className={`${pageTitle} outline-none`}>
        {holdOver
          ? "Your hold has ended"
          : a.status === "held"
            ? "Complete your payment"
            : isNew && a.status === "booked"
              ? "You're booked"
              : "Your appointment"}
      </h1>
      <section aria-label="Details" className={`${card} space-y-2`}>
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-lg font-semibold text-slate-900">{doctor?.name ?? "Your doctor"}</p>
          <StatusBadge status={shownStatus(a)} />
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
        <MoneyState payment={a.payment} />
        {a.status === "booked" && <AddToCalendar appointment={a} doctor={doctor} />}
      </section>
      {a.status === "held" && !holdOver && (
        <PaymentStep
          appointment={a}
          doctor={doctor}
          onHoldOver={() => {
            // Re-render this page too: what it shows depends on the clock passing the hold's end.
            setHoldEnded(true);
            void appointment.refetch();
          }}
        />
      )}
      {holdOver && <HoldExpired appointment={a} doctor={doctor} />}
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
