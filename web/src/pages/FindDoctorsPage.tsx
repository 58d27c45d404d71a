import { useQueries } from "@tanstack/react-query";
import { useId } from "react";
import { api, call } from "../api/client";
import { DoctorGrid, DoctorGridSkeleton } from "../components/DoctorCard";
import { EmptyPanel, ErrorPanel, useDocumentTitle, useFocusAfterRetry } from "../components/States";
import { buttonSecondary, inputClass, labelClass, pageTitle } from "../components/ui";
import { formatDoctorCount } from "../format";
import { filterDoctors } from "../lib/doctor-filter";
import { slotsKey, thisWeekRange, useDoctors } from "../queries/doctors";
import { useSearchParams } from "../router";

const FEES = [0, 30_000, 50_000, 75_000, 100_000, 150_000];
const rupees = (p: number) => `₹${(p / 100).toLocaleString("en-IN")}`;

export default function FindDoctorsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const speciality = params.get("speciality");
  const minFee = params.get("minFee");
  const maxFee = params.get("maxFee");
  const thisWeek = params.get("available") === "week";
  useDocumentTitle(speciality ? `${speciality} · Find a doctor` : "Find a doctor");
  const id = useId();

  const doctors = useDoctors();
  const { target, retried } = useFocusAfterRetry(doctors.isSuccess);
  const matching = filterDoctors(doctors.data?.doctors ?? [], {
    q,
    speciality,
    minFeePaise: minFee ? Number(minFee) : null,
    maxFeePaise: maxFee ? Number(maxFee) : null,
  });

  // "Available this week" asks each matching doctor's object for the next seven days (cached per doctor).
  const week = thisWeekRange();
  const weekSlots = useQueries({
    queries: matching.map((d) => ({
      queryKey: slotsKey(d.id, week.from, week.to),
      enabled: thisWeek,
      staleTime: 30_000,
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        call(
          api.GET("/api/v1/doctors/{doctorId}/slots", {
            params: { path: { doctorId: d.id }, query: week },
            signal,
          }),
        ),
    })),
  });
  const weekPending = thisWeek && weekSlots.some((r) => r.isPending);
  const shown = thisWeek
    ? matching.filter((d, i) => d.available && (weekSlots[i]?.data?.slots.length ?? 0) > 0)
    : matching;

  const set = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );
  const anyFilter = Boolean(q || speciality || minFee || maxFee || thisWeek);

  return (
    <div className="space-y-6">
      <div>
        <h1 className={pageTitle}>Find a doctor</h1>
        <p className="mt-1 text-slate-700">Search by name, or narrow by speciality, fee and availability.</p>
      </div>

      <search>
        <form
          onSubmit={(e) => e.preventDefault()}
          className="grid gap-4 rounded-2xl bg-white p-4 shadow-sm ring-1 ring-slate-200 sm:grid-cols-2 lg:grid-cols-6"
        >
          <div className="lg:col-span-2">
            <label htmlFor={`${id}-q`} className={labelClass}>
              Doctor's name
            </label>
            <input
              id={`${id}-q`}
              type="search"
              value={q}
              onChange={(e) => set("q", e.target.value)}
              placeholder="e.g. Asha"
              className={`mt-1 ${inputClass}`}
            />
          </div>
          <div>
            <label htmlFor={`${id}-spec`} className={labelClass}>
              Speciality
            </label>
            <select
              id={`${id}-spec`}
              value={speciality ?? ""}
              onChange={(e) => set("speciality", e.target.value || null)}
              className={`mt-1 ${inputClass}`}
            >
              <option value="">All specialities</option>
              {[...new Set([...(doctors.data?.specialities ?? []), ...(speciality ? [speciality] : [])])].map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </div>
          <fieldset className="grid grid-cols-2 gap-2 lg:col-span-2">
            <legend className={labelClass}>Fee</legend>
            <div>
              <label htmlFor={`${id}-min`} className="sr-only">
                Minimum fee
              </label>
              <select
                id={`${id}-min`}
                value={minFee ?? ""}
                onChange={(e) => set("minFee", e.target.value || null)}
                className={`mt-1 ${inputClass}`}
              >
                <option value="">Any min</option>
                {FEES.slice(1).map((f) => (
                  <option key={f} value={f}>
                    from {rupees(f)}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor={`${id}-max`} className="sr-only">
                Maximum fee
              </label>
              <select
                id={`${id}-max`}
                value={maxFee ?? ""}
                onChange={(e) => set("maxFee", e.target.value || null)}
                className={`mt-1 ${inputClass}`}
              >
                <option value="">Any max</option>
                {FEES.slice(1).map((f) => (
                  <option key={f} value={f}>
                    up to {rupees(f)}
                  </option>
                ))}
              </select>
            </div>
          </fieldset>
          <div className="flex items-end">
            <label className="flex items-center gap-2 py-2 text-sm font-medium text-slate-800">
              <input
                type="checkbox"
                checked={thisWeek}
                onChange={(e) => set("available", e.target.checked ? "week" : null)}
                className="size-4 accent-indigo-600"
              />
              Available this week
            </label>
          </div>
        </form>
      </search>

      <h2 ref={target} tabIndex={-1} className="sr-only">
        Results
      </h2>
      {doctors.isError && (
        <ErrorPanel
          title="We couldn't load doctors"
          error={doctors.error}
          onRetry={() => {
            retried();
            void doctors.refetch();
          }}
        />
      )}
      <div data-testid="doctor-list" aria-live="polite" aria-busy={doctors.isPending || weekPending}>
        {(doctors.isPending || weekPending) && <DoctorGridSkeleton />}
        {doctors.isSuccess &&
          !weekPending &&
          (shown.length === 0 ? (
            <EmptyPanel title="No doctors match these filters">
              {anyFilter && (
                <button
                  type="button"
                  className={`mt-3 ${buttonSecondary}`}
                  onClick={() => setParams({}, { replace: true })}
                >
                  Clear filters
                </button>
              )}
            </EmptyPanel>
          ) : (
            <>
              <p data-testid="result-count" className="mb-4 text-sm text-slate-700">
                {formatDoctorCount(shown.length)}
                {speciality ? ` · ${speciality}` : ""}
              </p>
              <DoctorGrid doctors={shown} />
            </>
          ))}
      </div>
    </div>
  );
}
