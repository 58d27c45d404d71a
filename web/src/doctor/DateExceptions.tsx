import { useId } from "react";
import { inputClass, labelClass } from "../components/ui";
import { formatDay } from "../lib/time";
import { buttonLink, hint, sectionTitle } from "./looks";
import { RangesEditor } from "./RangesEditor";
import { addDays, instantToLocalInput, localInputToInstant, todayIn } from "./schedule-preview";
import type { ScheduleSettings } from "./schedule-types";

type Props = { draft: ScheduleSettings; onChange: (p: Partial<ScheduleSettings>) => void };

/** Per-date hours that replace the weekly ones (or close the day). */
export function Overrides({ draft, onChange }: Props) {
  const id = useId();
  const overrides = draft.overrides;
  const set = (i: number, next: ScheduleSettings["overrides"][number]) =>
    onChange({ overrides: overrides.map((o, j) => (j === i ? next : o)) });
  const fresh = () => {
    const taken = new Set(overrides.map((o) => o.date));
    let date = addDays(todayIn(draft.timeZone || "UTC", new Date()), 1);
    while (taken.has(date)) date = addDays(date, 1);
    return { date, ranges: [] };
  };
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className={sectionTitle}>
        Date overrides
      </h2>
      <p className={hint}>Hours for one date replace that weekday's hours; no hours closes the day.</p>
      <ul className="space-y-3">
        {overrides.map((o, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a date being typed changes; the position is the identity
          <li key={i} className="grid gap-2 rounded-xl bg-slate-50 p-3 sm:grid-cols-[11rem_1fr]">
            <div>
              <label htmlFor={`${id}-d${i}`} className={labelClass}>
                Date
              </label>
              <input
                id={`${id}-d${i}`}
                type="date"
                className={`${inputClass} mt-1`}
                value={o.date}
                onChange={(e) => set(i, { ...o, date: e.target.value })}
              />
              <button
                type="button"
                className={`${buttonLink} mt-1`}
                onClick={() => onChange({ overrides: overrides.filter((_, j) => j !== i) })}
              >
                Remove override<span className="sr-only"> for {o.date}</span>
              </button>
            </div>
            <RangesEditor
              label={o.date ? formatDay(o.date, "long") : "this date"}
              ranges={o.ranges}
              onChange={(ranges) => set(i, { ...o, ranges })}
            />
          </li>
        ))}
      </ul>
      <button type="button" className={buttonLink} onClick={() => onChange({ overrides: [...overrides, fresh()] })}>
        Add a date override
      </button>
    </section>
  );
}

/** Absolute periods off (holidays, a conference), entered in the doctor's own zone. */
export function TimeOff({ draft, onChange }: Props) {
  const id = useId();
  const zone = draft.timeZone;
  const list = draft.timeOff;
  const set = (i: number, next: ScheduleSettings["timeOff"][number]) =>
    onChange({ timeOff: list.map((t, j) => (j === i ? next : t)) });
  const fresh = () => {
    const day = addDays(todayIn(zone || "UTC", new Date()), 1);
    return {
      from: localInputToInstant(`${day}T00:00`, zone) ?? "",
      to: localInputToInstant(`${addDays(day, 1)}T00:00`, zone) ?? "",
    };
  };
  return (
    <section aria-labelledby={id} className="space-y-3">
      <h2 id={id} className={sectionTitle}>
        Time off
      </h2>
      <p className={hint}>Times in {zone}. Existing bookings in this time are kept.</p>
      <ul className="space-y-3">
        {list.map((t, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id
          <li key={i} className="grid gap-3 rounded-xl bg-slate-50 p-3 sm:grid-cols-3">
            {(["from", "to"] as const).map((end) => (
              <div key={end}>
                <label htmlFor={`${id}-${end}${i}`} className={labelClass}>
                  {end === "from" ? "From" : "Until"}
                </label>
                <input
                  id={`${id}-${end}${i}`}
                  type="datetime-local"
                  className={`${inputClass} mt-1`}
                  value={instantToLocalInput(t[end], zone)}
                  onChange={(e) => set(i, { ...t, [end]: localInputToInstant(e.target.value, zone) ?? "" })}
                />
              </div>
            ))}
            <div>
              <label htmlFor={`${id}-r${i}`} className={labelClass}>
                Reason (private)
              </label>
              <input
                id={`${id}-r${i}`}
                className={`${inputClass} mt-1`}
                maxLength={200}
                value={t.reason ?? ""}
                onChange={(e) =>
                  set(i, { from: t.from, to: t.to, ...(e.target.value ? { reason: e.target.value } : {}) })
                }
              />
              <button
                type="button"
                className={`${buttonLink} mt-1`}
                onClick={() => onChange({ timeOff: list.filter((_, j) => j !== i) })}
              >
                Remove time off<span className="sr-only"> {i + 1}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      <button type="button" className={buttonLink} onClick={() => onChange({ timeOff: [...list, fresh()] })}>
        Add time off
      </button>
    </section>
  );
}
