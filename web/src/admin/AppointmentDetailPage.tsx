import { useState } from "react";
import { toApiError } from "../api/errors";
import { StatusBadge } from "../components/AppointmentBits";
import { CancelWithReason } from "../components/CancelWithReason";
import { ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonDanger, card, linkClass, pageTitle } from "../components/ui";
import { formatFee } from "../format";
import { browserZone, formatDateTime } from "../lib/time";
import { Link, useParams } from "../router";
import { useAdminAppointment, useAdminCancel } from "./queries";

/** One appointment with its full history; an admin may cancel it on the patient's behalf. */
export default function AppointmentDetailPage() {
  useDocumentTitle("Appointment");
  const { id = "" } = useParams();
  const one = useAdminAppointment(id);
  const cancel = useAdminCancel(id);
  const [open, setOpen] = useState(false);
  if (one.isPending) return <PageLoading label="Loading the appointment…" />;
  if (one.isError)
    return (
      <ErrorPanel title="We couldn't load this appointment" error={one.error} onRetry={() => void one.refetch()} />
    );
  const a = one.data.appointment;
  const zone = browserZone();
  const active = a.status === "booked" || a.status === "held";
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <Link to="/admin/appointments" className={linkClass}>
        ← All appointments
      </Link>
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className={pageTitle}>Appointment {a.id}</h1>
        <StatusBadge status={a.status} />
      </div>
      <dl className={`${card} grid gap-3 text-sm sm:grid-cols-2`}>
        <div>
          <dt className="font-medium text-slate-600">When</dt>
          <dd className="text-slate-900">{formatDateTime(a.start, zone)}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">Doctor</dt>
          <dd className="text-slate-900">{a.doctorId}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">Patient</dt>
          <dd className="text-slate-900">{a.patientId}</dd>
        </div>
        <div>
          <dt className="font-medium text-slate-600">Fee</dt>
          <dd className="text-slate-900">{formatFee(a.feePaise, "INR")}</dd>
        </div>
      </dl>
      <section aria-labelledby="history-title" className={card}>
        <h2 id="history-title" className="text-lg font-semibold text-slate-900">
          History
        </h2>
        <ol className="mt-3 space-y-2 text-sm" data-testid="history">
          {a.history.map((h) => (
            <li key={h.version} className="border-l-2 border-indigo-200 pl-3">
              <p className="font-medium text-slate-900">
                v{h.version} · {h.type} · {h.fromStatus ? `${h.fromStatus} → ` : ""}
                {h.toStatus}
              </p>
              <p className="text-slate-700">
                {formatDateTime(h.at, zone)} by {h.actor.role} {h.actor.id}
                {h.reason ? ` — “${h.reason}”` : ""}
              </p>
            </li>
          ))}
        </ol>
      </section>
      {active && (
        <button type="button" className={buttonDanger} onClick={() => setOpen(true)}>
          Cancel for the patient
        </button>
      )}
      {cancel.isError && (
        <p role="alert" className="text-sm text-red-800">
          {toApiError(cancel.error).message}
        </p>
      )}
      <CancelWithReason
        open={open}
        busy={cancel.isPending}
        reasonLabel="Reason (recorded in the history)"
        onClose={() => setOpen(false)}
        onConfirm={(reason) => cancel.mutate(reason, { onSuccess: () => setOpen(false) })}
      >
        <p>The patient and the doctor are told; any refund follows the doctor's policy.</p>
      </CancelWithReason>
    </div>
  );
}
