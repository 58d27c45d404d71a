import type { Appointment, Doctor } from "../api/types";
import { addDays, browserZone, formatDateTime, localDateOf } from "../lib/time";
import { useSlots } from "../queries/doctors";
import { Link } from "../router";
import { buttonPrimary, card, linkClass } from "./ui";

/** A hold that ran out unpaid: say so, and offer the same time again while it is still free. */
export function HoldExpired({ appointment, doctor }: { appointment: Appointment; doctor: Doctor | undefined }) {
  const day = doctor ? localDateOf(appointment.start, doctor.timeZone) : "";
  const slots = useSlots(doctor?.id ?? null, addDays(day || "2000-01-01", -1), addDays(day || "2000-01-01", 1));
  const stillFree =
    Date.parse(appointment.start) > Date.now() && (slots.data?.slots ?? []).some((s) => s.start === appointment.start);
  return (
    <section aria-labelledby="expired" className={`${card} space-y-3`} data-testid="hold-expired">
      <h2 id="expired" className="text-lg font-bold text-slate-900">
        This time was released
      </h2>
      <p className="text-slate-800">
        The time was held for you but not paid for in time, so it was released. Nothing was charged.
      </p>
      <div aria-live="polite" className="min-h-10">
        {slots.isPending && doctor && <p className="text-sm text-slate-700">Checking whether it is still free…</p>}
        {doctor && slots.isSuccess && stillFree && (
          <p className="flex flex-wrap items-center gap-3">
            <span className="text-slate-800">{formatDateTime(appointment.start, browserZone())} is still free.</span>
            <Link
              to={`/book/${doctor.slug}?start=${encodeURIComponent(appointment.start)}`}
              className={buttonPrimary}
              data-testid="book-again"
            >
              Book this time again
            </Link>
          </p>
        )}
        {doctor && slots.isSuccess && !stillFree && (
          <p className="text-slate-800">
            That time is no longer free.{" "}
            <Link to={`/doctors/${doctor.slug}`} className={linkClass}>
              Choose another time with {doctor.name}
            </Link>
          </p>
        )}
      </div>
    </section>
  );
}
