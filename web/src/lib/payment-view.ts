// Pure wording for an appointment's money side (no DOM, no React: unit-tested in
// tests/unit/web-payment-view.test.ts). Amounts are integer paise.
import { formatFee } from "../format";

type Refund = { id: string; amountPaise: number; status: "pending" | "processed" | "failed" };
type Summary = {
  status: "created" | "failed" | "authorized" | "captured";
  amountPaidPaise: number;
  refunds: Refund[];
};

export type MoneyLine = { text: string; tone: "ok" | "wait" | "bad" | "plain" };

const REFUND_WORDS: Record<Refund["status"], [string, MoneyLine["tone"]]> = {
  pending: ["on its way (usually 5–7 working days)", "wait"],
  processed: ["refunded", "ok"],
  failed: ["refund delayed — we are retrying", "bad"],
};

/** One line per fact: what was paid, then each refund with its state. Empty when nothing was paid. */
export function moneyLines(payment: Summary | null | undefined): MoneyLine[] {
  if (!payment) return [];
  const lines: MoneyLine[] = [];
  if (payment.status === "captured" || payment.status === "authorized") {
    lines.push({ text: `Paid ${formatFee(payment.amountPaidPaise, "INR")}`, tone: "ok" });
  } else if (payment.status === "failed") {
    lines.push({ text: "Last payment attempt failed", tone: "bad" });
  }
  for (const r of payment.refunds) {
    const [words, tone] = REFUND_WORDS[r.status];
    lines.push({ text: `${formatFee(r.amountPaise, "INR")} ${words}`, tone });
  }
  return lines;
}

/** What is still refundable: captured money less every refund not failed. */
export function refundablePaise(payment: Summary | null | undefined): number {
  if (payment?.status !== "captured") return 0;
  const refunded = payment.refunds.filter((r) => r.status !== "failed").reduce((s, r) => s + r.amountPaise, 0);
  return Math.max(0, payment.amountPaidPaise - refunded);
}

/** "4:07" for a hold's remaining time. */
export function formatCountdown(ms: number): string {
  const left = Math.max(0, ms);
  const mm = Math.floor(left / 60_000);
  const ss = String(Math.floor((left % 60_000) / 1000)).padStart(2, "0");
  return `${mm}:${ss}`;
}
