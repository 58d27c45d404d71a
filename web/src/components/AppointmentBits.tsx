import type { Appointment, AppointmentStatus, Doctor, PaymentSummary } from "../api/types";
import { buildIcs, googleCalendarUrl } from "../lib/ics";
import { type MoneyLine, moneyLines } from "../lib/payment-view";
import { linkClass } from "./ui";

const LOOK: Record<AppointmentStatus, [string, string]> = {
  held: ["Awaiting payment", "bg-amber-50 text-amber-900 ring-amber-600/30"],
  booked: ["Confirmed", "bg-emerald-50 text-emerald-900 ring-emerald-600/30"],
  cancelled: ["Cancelled", "bg-slate-100 text-slate-800 ring-slate-500/30"],
  completed: ["Completed", "bg-indigo-50 text-indigo-900 ring-indigo-600/30"],
  no_show: ["Missed", "bg-red-50 text-red-900 ring-red-600/30"],
  expired: ["Hold expired", "bg-slate-100 text-slate-800 ring-slate-500/30"],
};

/** A hold past its end is released by the doctor's object moments later: show it as such at once. */
export function shownStatus(a: Appointment, now = Date.now()): AppointmentStatus {
  return a.status === "held" && Date.parse(a.holdExpiresAt ?? "") <= now ? "expired" : a.status;
}

export function StatusBadge({ status }: { status: AppointmentStatus }) {
  const [label, look] = LOOK[status];
  return (
    <span
      data-testid="appointment-status"
      className={`inline-flex rounded-full px-2.5 py-1 text-xs font-semibold ring-1 ring-inset ${look}`}
    >
      {label}
    </span>
  );
}

const TONE: Record<MoneyLine["tone"], string> = {
  ok: "text-emerald-800",
  wait: "text-amber-900",
  bad: "text-red-800",
  plain: "text-slate-800",
};

/** What was paid and every refund with its state (nothing for an appointment without a payment). */
export function MoneyState({ payment }: { payment: PaymentSummary | null | undefined }) {
  const lines = moneyLines(payment);
  if (lines.length === 0) return null;
  return (
    <ul className="space-y-0.5 text-sm" data-testid="payment-state">
      {lines.map((l) => (
        <li key={l.text} className={`font-medium ${TONE[l.tone]}`}>
          {l.text}
        </li>
      ))}
    </ul>
  );
}

function eventOf(a: Appointment, doctor: Doctor | undefined) {
  const where = doctor
    ? [doctor.address.line1, doctor.address.line2, doctor.address.city].filter(Boolean).join(", ")
    : undefined;
  return {
    start: a.start,
    end: a.end,
    title: doctor ? `Appointment with ${doctor.name}` : "Doctor's appointment",
    ...(where ? { location: where } : {}),
    description: `Prescripto booking ${a.id}`,
  };
}

/** Download an .ics file (any calendar app) or open Google Calendar. */
export function AddToCalendar({ appointment, doctor }: { appointment: Appointment; doctor: Doctor | undefined }) {
  const event = eventOf(appointment, doctor);
  const ics = buildIcs({ ...event, uid: `${appointment.id}@prescripto`, now: new Date().toISOString() });
  const href = `data:text/calendar;charset=utf-8,${encodeURIComponent(ics)}`;
  return (
    <p className="flex flex-wrap gap-x-4 gap-y-2 text-sm">
      <a href={href} download="appointment.ics" className={linkClass} data-testid="add-to-calendar">
        Add to calendar (.ics)
      </a>
      <a href={googleCalendarUrl(event)} target="_blank" rel="noopener noreferrer" className={linkClass}>
        Add to Google Calendar
      </a>
    </p>
  );
}
