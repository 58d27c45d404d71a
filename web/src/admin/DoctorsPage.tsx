import { useQuery } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, call } from "../api/client";
import { EmptyPanel, ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonPrimary, card, inputClass, labelClass, linkClass, pageTitle } from "../components/ui";
import { formatFee } from "../format";
import { Link } from "../router";

export default function DoctorsPage() {
  useDocumentTitle("Doctors");
  const id = useId();
  const [q, setQ] = useState("");
  const list = useQuery({
    queryKey: ["admin", "doctors"],
    queryFn: () => call(api.GET("/api/v1/admin/doctors")),
  });
  const needle = q.trim().toLowerCase();
  const shown = (list.data?.doctors ?? []).filter(
    (d) => !needle || [d.name, d.email, d.speciality, d.address.city].some((s) => s.toLowerCase().includes(needle)),
  );
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 className={pageTitle}>Doctors</h1>
        <Link to="/admin/doctors/new" className={buttonPrimary}>
          Onboard a doctor
        </Link>
      </div>
      <div className="max-w-md">
        <label htmlFor={id} className={labelClass}>
          Search by name, email, speciality or city
        </label>
        <input
          id={id}
          type="search"
          className={`${inputClass} mt-1`}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </div>
      {list.isPending && <PageLoading label="Loading doctors…" />}
      {list.isError && (
        <ErrorPanel title="We couldn't load the doctors" error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.isSuccess && shown.length === 0 && <EmptyPanel title="No doctors match" />}
      {shown.length > 0 && (
        <ul className="grid gap-3 md:grid-cols-2">
          {shown.map((d) => (
            <li key={d.id} className={card} data-testid="admin-doctor">
              <p className="font-semibold text-slate-900">{d.name}</p>
              <p className="text-sm text-slate-700">
                {d.speciality} · {d.address.city} · {formatFee(d.feePaise, d.currency)} ·{" "}
                {d.acceptingBookings ? "accepting bookings" : "not accepting bookings"}
              </p>
              <p className="text-sm text-slate-700">{d.email}</p>
              <Link to={`/admin/doctors/${d.id}`} className={linkClass}>
                Open<span className="sr-only"> {d.name}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
