import { lazy, Suspense, useId, useState } from "react";
import { ErrorPanel } from "../components/States";
import { buttonSecondary, card, inputClass, labelClass } from "../components/ui";
import { formatRupees } from "../lib/money";
import { formatDay, localDateOf } from "../lib/time";
import { defaultFiguresRange, FIGURES_ZONE, type FiguresDay, figuresRangeProblem, figuresTotals } from "./figures";
import { useFigures } from "./queries";

// recharts is loaded with this chunk only when the overview shows figures.
const FiguresCharts = lazy(() => import("./FiguresCharts"));

/** Bookings, cancellations, no-shows, revenue and refunds per day, for a chosen range of days. */
export function FiguresPanel() {
  const id = useId();
  const [range, setRange] = useState(() => defaultFiguresRange(localDateOf(Date.now(), FIGURES_ZONE)));
  const [draft, setDraft] = useState(range);
  const problem = figuresRangeProblem(draft.from, draft.to);
  const figures = useFigures(range, FIGURES_ZONE);
  const days = figures.data?.days ?? [];
  const totals = figuresTotals(days);
  return (
    <section aria-labelledby="figures-title" className={`${card} space-y-4`}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h2 id="figures-title" className="text-lg font-semibold text-slate-900">
            Bookings, revenue and refunds
          </h2>
          <p className="mt-1 text-xs text-slate-600">Per day in {FIGURES_ZONE}, from MongoDB (seconds behind).</p>
        </div>
        <form
          className="flex flex-wrap items-end gap-3"
          aria-describedby={problem ? `${id}-problem` : undefined}
          onSubmit={(e) => {
            e.preventDefault();
            if (!problem) setRange(draft);
          }}
        >
          <div>
            <label htmlFor={`${id}-from`} className={labelClass}>
              From
            </label>
            <input
              id={`${id}-from`}
              type="date"
              value={draft.from}
              onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value }))}
              className={`${inputClass} mt-1`}
            />
          </div>
          <div>
            <label htmlFor={`${id}-to`} className={labelClass}>
              To (inclusive)
            </label>
            <input
              id={`${id}-to`}
              type="date"
              value={draft.to}
              onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value }))}
              className={`${inputClass} mt-1`}
            />
          </div>
          <button type="submit" className={buttonSecondary} disabled={problem !== null}>
            Show
          </button>
          {problem && (
            <p id={`${id}-problem`} role="alert" className="w-full text-sm text-red-800">
              {problem}
            </p>
          )}
        </form>
      </div>

      {figures.isPending && (
        <p role="status" className="text-sm text-slate-700">
          Loading figures…
        </p>
      )}
      {figures.isError && (
        <ErrorPanel title="We couldn't load the figures" error={figures.error} onRetry={() => void figures.refetch()} />
      )}
      {figures.isSuccess && (
        <>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6" data-testid="figures-totals">
            {(
              [
                ["Bookings", String(totals.bookings), "bookings"],
                ["Cancellations", String(totals.cancellations), "cancellations"],
                ["No-shows", String(totals.noShows), "no-shows"],
                ["Revenue", formatRupees(totals.revenuePaise), "revenue"],
                ["Refunds", formatRupees(totals.refundsPaise), "refunds"],
                ["Net", formatRupees(totals.netPaise), "net"],
              ] as const
            ).map(([label, value, key]) => (
              <div key={key} className="rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200">
                <dt className="text-xs font-medium text-slate-600">{label}</dt>
                <dd className="text-lg font-semibold text-slate-900 tabular-nums" data-testid={`total-${key}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          <Suspense
            fallback={
              <p role="status" className="text-sm text-slate-700">
                Drawing charts…
              </p>
            }
          >
            <FiguresCharts days={days} />
          </Suspense>
          <FiguresTable days={days} />
        </>
      )}
    </section>
  );
}

/** The charts' numbers as text: for screen readers and for reading an exact value. */
function FiguresTable({ days }: { days: readonly FiguresDay[] }) {
  const cell = "py-1.5 pr-4 text-right";
  return (
    <details>
      <summary className="cursor-pointer text-sm font-semibold text-indigo-700">Figures as a table</summary>
      <div className="mt-2 overflow-x-auto">
        <table className="w-full text-left text-sm tabular-nums">
          <thead className="text-xs text-slate-600">
            <tr>
              {["Day", "Bookings", "Cancellations", "No-shows", "Revenue", "Refunds", "Net"].map((h, i) => (
                <th key={h} scope="col" className={i === 0 ? "py-1.5 pr-4 font-medium" : `${cell} font-medium`}>
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {days.map((d) => (
              <tr key={d.date}>
                <th scope="row" className="py-1.5 pr-4 font-medium text-slate-900">
                  {formatDay(d.date)}
                </th>
                <td className={cell}>{d.bookings}</td>
                <td className={cell}>{d.cancellations}</td>
                <td className={cell}>{d.noShows}</td>
                <td className={cell}>{formatRupees(d.revenuePaise)}</td>
                <td className={cell}>{formatRupees(d.refundsPaise)}</td>
                <td className={cell}>{formatRupees(d.netPaise)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
