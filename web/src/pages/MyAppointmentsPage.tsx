import { useState } from "react";
import { toApiError } from "../api/errors";
import type { Appointment, Doctor } from "../api/types";
import { AddToCalendar, MoneyState, StatusBadge, shownStatus } from "../components/AppointmentBits";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { RefundNote } from "../components/RefundNote";
import { EmptyPanel, ErrorPanel, PageLoading, useDocumentTitle, useFocusAfterRetry } from "../components/States";
import { buttonPrimary, buttonSecondary, card, linkClass, pageTitle } from "../components/ui";
import { formatFee } from "../format";
import { browserZone, formatDateTime } from "../lib/time";
import { useCancel, useMyAppointments } from "../queries/appointments";
import { useDoctors } from "../queries/doctors";
import { Link } from "../router";

const isUpcoming = (a: Appointment, now: number) =>
  Date.parse(a.end) > now &&
  (a.status === "booked" || (a.status === "held" && Date.parse(a.holdExpiresAt ?? "") > now));

export default function MyAppointmentsPage() {
  useDocumentTitle("My appointments");
  const list = useMyAppointments(true);
  const directory = useDoctors();
  const { target, retried } = useFocusAfterRetry(list.isSuccess);
  const [cancelling, setCancelling] = useState<Appointment | null>(null);
  const cancel = useCancel();
  const now = Date.now();
  const all = list.data?.appointments ?? [];
  const upcoming = all.filter((a) => isUpcoming(a, now)).sort((a, b) => a.start.localeCompare(b.start));
  const past = all.filter((a) => !isUpcoming(a, now)).sort((a, b) => b.start.localeCompare(a.start));
  const doctorOf = (a: Appointment) => directory.data?.doctors.find((d) => d.id === a.doctorId);

  return (
    <div className="space-y-8">
      <h1 ref={target} tabIndex={-1} className={`${pageTitle} outline-none`}>
        My appointments
      </h1>
      {list.isPending && <PageLoading label="Loading your appointments…" />}
      {list.isError && (
        <ErrorPanel
          title="We couldn't load your appointments"
          error={list.error}
          onRetry={() => {
            retried();
            void list.refetch();
          }}
        />
      )}
      {list.isSuccess && all.length === 0 && (
        <EmptyPanel title="You have no appointments yet">
          <Link to="/doctors" className={`mt-3 ${buttonPrimary}`}>
            Find a doctor
          </Link>
        </EmptyPanel>
      )}
      {list.isSuccess && all.length > 0 && (
        <>
          <Section
            title="Upcoming"
            items={upcoming}
            doctorOf={doctorOf}
            onCancel={setCancelling}
            empty="Nothing coming up."
          />
          <Section title="Past and cancelled" items={past} doctorOf={doctorOf} empty="Nothing here yet." />
        </>
      )}
      <ConfirmDialog
        open={cancelling !== null}
        title="Cancel this appointment?"
        confirmLabel="Cancel appointment"
        busy={cancel.isPending}
        onClose={() => {
          setCancelling(null);
          cancel.reset();
        }}
        onConfirm={() => cancelling && cancel.mutate(cancelling.id, { onSuccess: () => setCancelling(null) })}
      >
        {cancelling && (
          <>
            <p>
              {doctorOf(cancelling)?.name ?? "Your doctor"}, {formatDateTime(cancelling.start, browserZone())}. The time
              is released for other patients.
            </p>
            <RefundNote appointment={cancelling} />
            {cancel.error && (
              <p role="alert" className="mt-3 rounded-lg bg-red-50 px-3 py-2 text-red-900">
                {toApiError(cancel.error).message}
              </p>
            )}
          </>
        )}
      </ConfirmDialog>
    </div>
  );
}

function Section(props: {
  title: string;
  items: Appointment[];
  empty: string;
  doctorOf: (a: Appointment) => Doctor | undefined;
  onCancel?: (a: Appointment) => void;
}) {
  const zone = browserZone();
  return (
    <section aria-labelledby={`s-${props.title}`} className="space-y-3">
      <h2 id={`s-${props.title}`} className="text-lg font-bold text-slate-900">
        {props.title}
      </h2>
      {props.items.length === 0 && <p className="text-sm text-slate-700">{props.empty}</p>}
      {/* biome-ignore lint/a11y/noRedundantRoles: keeps list semantics in Safari */}
      <ul role="list" className="space-y-3">
        {props.items.map((a) => {
          const doctor = props.doctorOf(a);
          return (
            <li
              key={a.id}
              data-testid="appointment"
              data-id={a.id}
              className={`${card} flex flex-col gap-3 sm:flex-row sm:items-center sm:justify-between`}
            >
              <div className="min-w-0 space-y-1">
                <div className="flex flex-wrap items-center gap-2">
                  <Link to={`/appointments/${a.id}`} className={linkClass}>
                    {doctor?.name ?? "Doctor"}
                  </Link>
                  <StatusBadge status={shownStatus(a)} />
                </div>
                <p className="text-sm text-slate-800">{formatDateTime(a.start, zone)}</p>
                <p className="text-sm text-slate-700">
                  {doctor?.speciality ? `${doctor.speciality} · ` : ""}
                  {formatFee(a.feePaise, "INR")}
                </p>
                <MoneyState payment={a.payment} />
                {a.status === "booked" && <AddToCalendar appointment={a} doctor={doctor} />}
              </div>
              {props.onCancel && (
                <div className="flex shrink-0 flex-wrap gap-2">
                  {a.status === "held" && (
                    <Link to={`/appointments/${a.id}`} className={buttonPrimary}>
                      Pay now
                    </Link>
                  )}
                  <Link to={`/appointments/${a.id}/reschedule`} className={buttonSecondary}>
                    Reschedule
                  </Link>
                  <button type="button" className={buttonSecondary} onClick={() => props.onCancel?.(a)}>
                    Cancel
                  </button>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
