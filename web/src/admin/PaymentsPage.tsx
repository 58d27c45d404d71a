import { useId } from "react";
import { LoadMore } from "../components/LoadMore";
import { EmptyPanel, ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { buttonSecondary, card, inputClass, labelClass, linkClass, pageTitle } from "../components/ui";
import { formatRupees } from "../lib/money";
import { browserZone, formatDateTime } from "../lib/time";
import { Link, useSearchParams } from "../router";
import { type PaymentFilters, useAdminDoctors, useAdminPayments } from "./queries";

const STATUSES = ["created", "failed", "authorized", "captured"] as const;
type PaymentStatus = (typeof STATUSES)[number];

/** Why a payment was held for review: the money did not match the order it claims to pay. */
const FLAG_TEXT: Record<string, string> = {
  amount_mismatch: "Amount differs from the order",
  currency_mismatch: "Currency differs from the order",
  order_mismatch: "Paid against another order",
};

/** Payments, flagged for review first: `?show=all` lists every payment, `?status=` narrows. */
export default function PaymentsPage() {
  useDocumentTitle("Payments");
  const id = useId();
  const [params, setParams] = useSearchParams();
  const show = params.get("show") === "all" ? "all" : "flagged";
  const status = STATUSES.find((s) => s === params.get("status")) as PaymentStatus | undefined;
  const filters: PaymentFilters = { ...(show === "flagged" ? { flagged: true } : {}), ...(status ? { status } : {}) };
  const list = useAdminPayments(filters);
  const doctors = useAdminDoctors();
  const rows = list.data?.pages.flatMap((p) => p.payments) ?? [];
  const doctorName = (doctorId: string) => doctors.data?.doctors.find((d) => d.id === doctorId)?.name ?? doctorId;
  const zone = browserZone();

  return (
    <div className="space-y-6">
      <div>
        <h1 className={pageTitle}>Payments</h1>
        <p className="mt-1 text-sm text-slate-700">
          A flagged payment did not match its order: it booked nothing and its money is refunded automatically.
        </p>
      </div>
      <form
        className={`${card} flex flex-wrap items-end gap-4`}
        aria-label="Filters"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const next: Record<string, string> = {};
          if (data.get("show") === "all") next.show = "all";
          const s = data.get("status");
          if (typeof s === "string" && s) next.status = s;
          setParams(next, { replace: true });
        }}
      >
        <div>
          <label htmlFor={`${id}-show`} className={labelClass}>
            Show
          </label>
          <select id={`${id}-show`} name="show" defaultValue={show} className={`${inputClass} mt-1`}>
            <option value="flagged">Flagged for review</option>
            <option value="all">All payments</option>
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-status`} className={labelClass}>
            Status
          </label>
          <select id={`${id}-status`} name="status" defaultValue={status ?? ""} className={`${inputClass} mt-1`}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className={buttonSecondary}>
          Apply filters
        </button>
      </form>

      {list.isPending && <PageLoading label="Loading payments…" />}
      {list.isError && (
        <ErrorPanel title="We couldn't load payments" error={list.error} onRetry={() => void list.refetch()} />
      )}
      {list.isSuccess && rows.length === 0 && (
        <EmptyPanel title={show === "flagged" ? "No payments are waiting for review" : "No payments match"} />
      )}
      {rows.length > 0 && (
        <ul className="space-y-2" data-testid="admin-payments">
          {rows.map((p) => (
            <li
              key={p.id}
              className={`${card} grid gap-x-6 gap-y-1 sm:grid-cols-[1fr_auto]`}
              data-testid="admin-payment"
            >
              <div className="min-w-0 space-y-1 text-sm">
                <p className="font-semibold text-slate-900">
                  <span className="tabular-nums">{formatRupees(p.amountPaise)}</span>{" "}
                  <span className="font-normal text-slate-700">
                    {p.currency !== "INR" ? `(${p.currency}) ` : ""}· {p.status}
                    {p.method ? ` · ${p.method}` : ""}
                  </span>
                </p>
                {p.flag && (
                  <p className="font-semibold text-red-800" data-testid="payment-flag">
                    Flagged: {FLAG_TEXT[p.flag] ?? p.flag}
                  </p>
                )}
                <p className="text-slate-700">
                  {doctorName(p.doctorId)} · patient <span className="break-all">{p.patientId}</span>
                </p>
                <p className="text-xs text-slate-600">
                  {formatDateTime(p.createdAt, zone)} · <span className="break-all font-mono">{p.id}</span>
                </p>
                {(p.refundedPaise > 0 || p.pendingRefundPaise > 0) && (
                  <p className="text-slate-700">
                    Refunded {formatRupees(p.refundedPaise)}
                    {p.pendingRefundPaise > 0 ? ` · ${formatRupees(p.pendingRefundPaise)} pending` : ""}
                  </p>
                )}
              </div>
              <Link to={`/admin/appointments/${p.appointmentId}`} className={`${linkClass} self-center text-sm`}>
                Open appointment<span className="sr-only"> for payment {p.id}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <LoadMore list={list} />
    </div>
  );
}
