import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call, idempotencyKey } from "../api/client";
import { toApiError } from "../api/errors";
import { ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { card, linkClass, pageTitle } from "../components/ui";
import { PhotoUpload } from "../doctor/PhotoUpload";
import { formatFee } from "../format";
import { Link, useParams } from "../router";

/** One doctor: private fields, the accepting-bookings switch (through their schedule), photo. */
export default function DoctorDetailPage() {
  const { id = "" } = useParams();
  const queryClient = useQueryClient();
  const doctor = useQuery({
    queryKey: ["admin", "doctors", id],
    queryFn: () => call(api.GET("/api/v1/admin/doctors/{doctorId}", { params: { path: { doctorId: id } } })),
  });
  const schedule = useQuery({
    queryKey: ["admin", "schedule", id],
    queryFn: () => call(api.GET("/api/v1/doctors/{doctorId}/schedule", { params: { path: { doctorId: id } } })),
  });
  // The doctor's object owns "accepting bookings"; it copies the flag to the public profile.
  const toggle = useMutation({
    mutationFn: async (accepting: boolean) => {
      const current = schedule.data?.settings;
      if (!current) throw new Error("The schedule is not loaded");
      return call(
        api.PUT("/api/v1/doctors/{doctorId}/schedule", {
          params: { path: { doctorId: id } },
          headers: { "Idempotency-Key": idempotencyKey() },
          body: { ...current, acceptingBookings: accepting },
        }),
      );
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(["admin", "schedule", id], {
        doctorId: id,
        settings: saved.settings,
        version: saved.version,
      });
      void queryClient.invalidateQueries({ queryKey: ["admin", "doctors"] });
    },
  });
  useDocumentTitle(doctor.data?.doctor.name ?? "Doctor");
  if (doctor.isPending) return <PageLoading label="Loading the doctor…" />;
  if (doctor.isError)
    return (
      <ErrorPanel title="We couldn't load this doctor" error={doctor.error} onRetry={() => void doctor.refetch()} />
    );
  const d = doctor.data.doctor;
  // While a change is being saved the switch shows what was asked for.
  const accepting = toggle.isPending ? toggle.variables : schedule.data?.settings.acceptingBookings;
  return (
    <div className="space-y-6">
      <Link to="/admin/doctors" className={linkClass}>
        ← All doctors
      </Link>
      <h1 className={pageTitle}>{d.name}</h1>
      <dl className={`${card} grid gap-3 text-sm sm:grid-cols-2 lg:grid-cols-3`}>
        {[
          ["Email", d.email],
          ["Speciality", `${d.speciality} · ${d.degree}`],
          ["Fee", formatFee(d.feePaise, d.currency)],
          ["Address", [d.address.line1, d.address.line2, d.address.city].filter(Boolean).join(", ")],
          ["Time zone", d.timeZone],
          ["Doctor id", d.id],
        ].map(([k, v]) => (
          <div key={k}>
            <dt className="font-medium text-slate-600">{k}</dt>
            <dd className="break-words text-slate-900">{v}</dd>
          </div>
        ))}
      </dl>
      <div className={`${card} space-y-2`}>
        <label className="flex items-center gap-3 text-sm font-semibold text-slate-900">
          <input
            type="checkbox"
            className="size-5 accent-indigo-600"
            checked={accepting ?? false}
            disabled={accepting === undefined || toggle.isPending}
            onChange={(e) => toggle.mutate(e.target.checked)}
          />
          Accepting bookings
        </label>
        <p className="text-sm text-slate-700" aria-live="polite" data-testid="accepting-state">
          {schedule.isError
            ? `No schedule: ${toApiError(schedule.error).message}`
            : accepting === undefined
              ? "Loading…"
              : accepting
                ? "Patients can book this doctor."
                : "Bookings are off; the site tells patients so."}
        </p>
        {toggle.isError && (
          <p role="alert" className="text-sm text-red-800">
            {toApiError(toggle.error).message}
          </p>
        )}
        <Link to={`/doctors/${d.slug}`} className={linkClass}>
          Public page
        </Link>
      </div>
      <div className={card}>
        <PhotoUpload current={d.photoUrl} name={d.name} doctorId={d.id} />
      </div>
    </div>
  );
}
