import { useId } from "react";
import { sectionTitle } from "./looks";
import { RangesEditor } from "./RangesEditor";
import type { ScheduleSettings, Weekday } from "./schedule-types";

// Spelled out here (types only from the schedule module) so the onboarding form does not pull in
// the validation and slot code that only the schedule editor needs.
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const satisfies readonly Weekday[];

export const DAY_NAMES: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
};

export function WeeklyHours({
  weekly,
  onChange,
}: {
  weekly: ScheduleSettings["weekly"];
  onChange: (w: ScheduleSettings["weekly"]) => void;
}) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className={sectionTitle}>
        Weekly hours
      </h2>
      <ul className="divide-y divide-slate-200">
        {WEEKDAYS.map((d) => (
          <li key={d} className="grid gap-2 py-3 sm:grid-cols-[8rem_1fr]">
            <p className="pt-2 text-sm font-medium text-slate-900">{DAY_NAMES[d]}</p>
            <RangesEditor label={DAY_NAMES[d]} ranges={weekly[d]} onChange={(r) => onChange({ ...weekly, [d]: r })} />
          </li>
        ))}
      </ul>
    </section>
  );
}
