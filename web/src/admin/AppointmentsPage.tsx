import { useId } from "react";
import { StatusBadge } from "../components/AppointmentBits";
import { LoadMore } from "../components/LoadMore";
import { EmptyPanel, ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonSecondary, card, inputClass, labelClass, linkClass, pageTitle } from "../components/ui";
import { browserZone, formatDateTime } from "../lib/time";
import { Link, useSearchParams } from "../router";
import { type AppointmentFilters, useAdminAppointments, useAdminDoctors } from "./queries";

const STATUSES = ["held", "booked", "cancelled", "completed", "no_show", "expired"] as const;

/** A date input's day in the admin's own zone → the instant it starts. */
function dayStart(date: string | null): string | undefined {
  if (!date) return undefined;
  const t = new Date(`${date}T00:00`);
  return Number.isNaN(t.getTime()) ? undefined : t.toISOString();
}

export default function AppointmentsPage() {
  useDocumentTitle("All appointments");
  const id = useId();
  const [params, setParams] = useSearchParams();
  const doctors = useAdminDoctors();
  const status = params.get("status") as AppointmentFilters["status"] | null;
  const filters: AppointmentFilters = {
    ...(params.get("doctorId") ? { doctorId: params.get("doctorId") ?? "" } : {}),
    ...(params.get("patient") ? { patient: params.get("patient") ?? "" } : {}),
    ...(status ? { status } : {}),
    ...(dayStart(params.get("from")) ? { from: dayStart(params.get("from")) } : {}),
    ...(dayStart(params.get("to")) ? { to: dayStart(params.get("to")) } : {}),
  };
  const list = useAdminAppointments(filters);
  const rows = list.data?.pages.flatMap((p) => p.appointments) ?? [];
  const names = Object.assign({}, ...(list.data?.pages.map((p) => p.patients) ?? [])) as Record<string, string>;
  const doctorName = (doctorId: string) => doctors.data?.doctors.find((d) => d.id === doctorId)?.name ?? doctorId;
  const zone = browserZone();

  return (
    <div className="space-y-6">
      <h1 className={pageTitle}>All appointments</h1>
      <form
        className={`${card} grid gap-4 sm:grid-cols-2 lg:grid-cols-5`}
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const next: Record<string, string> = {};
          for (const [k, v] of data.entries()) if (typeof v === "string" && v.trim()) next[k] = v.trim();
          setParams(next, { replace: true });
        }}
      >
        <div>
          <label htmlFor={`${id}-doctor`} className={labelClass}>
            Doctor
          </label>
          <select
            id={`${id}-doctor`}
            name="doctorId"
            defaultValue={params.get("doctorId") ?? ""}
            className={`${inputClass} mt-1`}
          >
            <option value="">Any doctor</option>
            {doctors.data?.doctors.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-patient`} className={labelClass}>
            Patient (email or id)
          </label>
          <input
            id={`${id}-patient`}
            name="patient"
            defaultValue={params.get("patient") ?? ""}
            className={`${inputClass} mt-1`}
          />
        </div>
        <div>
          <label htmlFor={`${id}-status`} className={labelClass}>
            Status
          </label>
          <select id={`${id}-status`} name="status" defaultValue={status ?? ""} className={`${inputClass} mt-1`}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s.replace("_", "-")}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-from`} className={labelClass}>
            From (start date)
          </label>
          <input
            id={`${id}-from`}
            type="date"
            name="from"
            defaultValue={params.get("from") ?? ""}
            className={`${inputClass} mt-1`}
          />
        </div>
        <div>
          <label htmlFor={`${id}-to`} className={labelClass}>
            Before (start date)
          </label>
          <input
            id={`${id}-to`}
            type="date"
            name="to"
            defaultValue={params.get("to") ?? ""}
            className={`${inputClass} mt-1`}
          />
        </div>
        <div className="sm:col-span-2 lg:col-span-5">
          <button type="submit" className={buttonSecondary}>
            Apply filters
          </button>
        </div>
      </form>

      {list.isPending && <PageLoading label="Loading appointments…" />}
      {list.isError && (
        <ErrorPanel title="We couldn't load appointments" error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.isSuccess && rows.length === 0 && <EmptyPanel title="No appointments match these filters" />}
      {rows.length > 0 && (
        <ul className="space-y-2" data-testid="admin-appointments">
          {rows.map((a) => (
            <li
              key={a.id}
              className={`${card} flex flex-wrap items-center gap-x-6 gap-y-2`}
              data-testid="admin-appointment"
            >
              <p className="min-w-56 text-sm font-semibold text-slate-900">{formatDateTime(a.start, zone)}</p>
              <p className="min-w-40 flex-1 text-sm text-slate-800">
                {doctorName(a.doctorId)} · {names[a.patientId] ?? a.patientId}
              </p>
              <StatusBadge status={a.status} />
              <Link to={`/admin/appointments/${a.id}`} className={linkClass}>
                Open<span className="sr-only"> appointment {a.id}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
    </div>
  );
}
