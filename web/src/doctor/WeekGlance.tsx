import { focusRing } from "../components/focusRing";
import { formatDay } from "../lib/time";
import { weekOf } from "./day-order";
import { useDoctorDay } from "./queries";

/** The week holding `date`: each day's count of open bookings; a day is one click away. */
export function WeekGlance({ date, today, onPick }: { date: string; today: string; onPick: (d: string) => void }) {
  return (
    <nav aria-label="This week">
      <ul className="grid grid-cols-4 gap-2 sm:grid-cols-7">
        {weekOf(date).map((d) => (
          <DayCell key={d} date={d} selected={d === date} isToday={d === today} onPick={onPick} />
        ))}
      </ul>
    </nav>
  );
}

function DayCell({
  date,
  selected,
  isToday,
  onPick,
}: {
  date: string;
  selected: boolean;
  isToday: boolean;
  onPick: (d: string) => void;
}) {
  // The selected day is already polled by the page; the others are read once and kept for a minute.
  const day = useDoctorDay(date, false);
  const open = day.data?.appointments.filter((a) => a.status === "booked" || a.status === "held").length;
  const label = formatDay(date);
  return (
    <li>
      <button
        type="button"
        onClick={() => onPick(date)}
        aria-current={selected ? "date" : undefined}
        className={`h-full w-full rounded-xl px-2 py-2 text-left text-sm ring-1 ring-inset ${
          selected
            ? "bg-indigo-600 text-white ring-indigo-600"
            : "bg-white text-slate-800 ring-slate-200 hover:bg-slate-50"
        } ${focusRing}`}
      >
        <span className="block font-semibold">
          {label}
          {isToday && <span className="sr-only"> (today)</span>}
        </span>
        <span className="block text-xs">{open === undefined ? "…" : `${open} open`}</span>
      </button>
    </li>
  );
}
