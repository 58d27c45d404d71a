import { useState } from "react";
import { PeriodPicker } from "../components/PeriodPicker";
import { ErrorPanel } from "../components/States";
import { card } from "../components/ui";
import { formatRupees } from "../lib/money";
import { formatDay, localDateOf } from "../lib/time";
import { type EarningsPeriod, type EarningsRow, earningsRange, groupEarnings } from "./earnings";
import { hint, sectionTitle } from "./looks";
import { useEarnings } from "./queries";

const PERIODS = [
  ["day", "By day"],
  ["week", "By week"],
  ["month", "By month"],
] as const;
const COVERS: Record<EarningsPeriod, string> = {
  day: "the last 14 days",
  week: "the last 12 weeks",
  month: "the last 3 months",
};

function periodLabel(row: EarningsRow, period: EarningsPeriod): string {
  if (period === "day") return formatDay(row.key);
  if (period === "week") return `Week of ${formatDay(row.key)}`;
  return new Intl.DateTimeFormat("en-IN", { timeZone: "UTC", month: "long", year: "numeric" }).format(
    new Date(`${row.key}-15T12:00:00Z`),
  );
}

/** Captured payments minus refunds, from the API's per-day figures, summed by day, week or month. */
export function EarningsPanel({ timeZone }: { timeZone: string }) {
  const [period, setPeriod] = useState<EarningsPeriod>("day");
  const range = earningsRange(period, localDateOf(Date.now(), timeZone));
  const earnings = useEarnings(range);
  const rows = earnings.data ? groupEarnings(earnings.data.days, period) : [];
  const totals = earnings.data?.totals;
  return (
    <section aria-labelledby="earnings-title" className={card}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="earnings-title" className={sectionTitle}>
          Earnings
        </h2>
        <PeriodPicker legend="Group earnings" options={PERIODS} value={period} onChange={setPeriod} />
      </div>
      <p className={hint}>
        Captured payments minus refunds over {COVERS[period]}, by the day money moved in {timeZone}.
      </p>
      {earnings.isPending && (
        <p role="status" className="mt-4 text-sm text-slate-700">
          Loading earnings…
        </p>
      )}
      {earnings.isError && (
        <div className="mt-4">
          <ErrorPanel
            title="We couldn't load your earnings"
            error={earnings.error}
            onRetry={() => void earnings.refetch()}
          />
        </div>
      )}
      {totals && (
        <dl className="mt-4 grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="earnings-totals">
          {(
            [
              ["Net", totals.netPaise, "earnings-net"],
              ["Captured", totals.capturedPaise, "earnings-captured"],
              ["Refunded", totals.refundedPaise, "earnings-refunded"],
              ["Refunds pending", totals.pendingRefundPaise, "earnings-pending"],
            ] as const
          ).map(([label, paise, testId]) => (
            <div key={label} className="rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200">
              <dt className="text-xs font-medium text-slate-600">{label}</dt>
              <dd className="text-lg font-semibold text-slate-900 tabular-nums" data-testid={testId}>
                {formatRupees(paise)}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {totals && totals.payments === 0 && totals.refunds === 0 && (
        <p className="mt-4 text-sm text-slate-700" data-testid="earnings-empty">
          No payments were captured or refunded in this period.
        </p>
      )}
      {totals && (totals.payments > 0 || totals.refunds > 0) && (
        <div className="mt-4 overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="earnings-table">
            <caption className="sr-only">Earnings {PERIODS.find(([p]) => p === period)?.[1].toLowerCase()}</caption>
            <thead className="text-xs text-slate-600">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">
                  Period
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Payments
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Captured
                </th>
                <th scope="col" className="py-2 pr-4 text-right font-medium">
                  Refunded
                </th>
                <th scope="col" className="py-2 text-right font-medium">
                  Net
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 tabular-nums">
              {rows.map((r) => (
                <tr key={r.key} data-testid="earnings-row">
                  <th scope="row" className="py-2 pr-4 font-medium text-slate-900">
                    {periodLabel(r, period)}
                  </th>
                  <td className="py-2 pr-4 text-right text-slate-700">{r.payments}</td>
                  <td className="py-2 pr-4 text-right text-slate-700">{formatRupees(r.capturedPaise)}</td>
                  <td className="py-2 pr-4 text-right text-slate-700">{formatRupees(r.refundedPaise)}</td>
                  <td className="py-2 text-right font-semibold text-slate-900">{formatRupees(r.netPaise)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
