import type { Appointment, AppointmentStatus, Doctor } from "../api/types";
import { buildIcs, googleCalendarUrl } from "../lib/ics";
import { linkClass } from "./ui";

const LOOK: Record<AppointmentStatus, [string, string]> = {
  held: ["Awaiting payment", "bg-amber-50 text-amber-900 ring-amber-600/30"],
  booked: ["Confirmed", "bg-emerald-50 text-emerald-900 ring-emerald-600/30"],
  cancelled: ["Cancelled", "bg-slate-100 text-slate-800 ring-slate-500/30"],
  completed: ["Completed", "bg-indigo-50 text-indigo-900 ring-indigo-600/30"],
  no_show: ["Missed", "bg-red-50 text-red-900 ring-red-600/30"],
  expired: ["Hold expired", "bg-slate-100 text-slate-800 ring-slate-500/30"],
};

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
