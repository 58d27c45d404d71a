import { inputClass } from "../components/ui";

// Both ends typed as 24-hour "HH:MM" (a time picker cannot say "24:00", the end of the day).
const timeInput = inputClass.replace("w-full", "w-24 tabular-nums");

import { buttonLink } from "./looks";
import type { TimeRange } from "./schedule-types";

/** Several "HH:MM–HH:MM" ranges in one day (morning and evening, say); empty means closed. */
export function RangesEditor({
  label,
  ranges,
  onChange,
}: {
  label: string;
  ranges: TimeRange[];
  onChange: (next: TimeRange[]) => void;
}) {
  const set = (i: number, patch: Partial<TimeRange>) =>
    onChange(ranges.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const last = ranges[ranges.length - 1];
  const nextRange: TimeRange =
    last && last.end < "23:00" ? { start: last.end, end: "24:00" } : { start: "09:00", end: "17:00" };
  return (
    <div className="space-y-2">
      {ranges.length === 0 && <p className="text-sm text-slate-600">Closed</p>}
      {ranges.map((r, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: ranges have no identity but their position
        <div key={i} className="flex flex-wrap items-center gap-2">
          <input
            type="text"
            inputMode="numeric"
            aria-label={`${label}: range ${i + 1} starts (HH:MM, 24-hour)`}
            className={timeInput}
            value={r.start}
            onChange={(e) => set(i, { start: e.target.value })}
          />
          <span aria-hidden="true">–</span>
          <input
            type="text"
            inputMode="numeric"
            aria-label={`${label}: range ${i + 1} ends (HH:MM, 24:00 for midnight)`}
            className={timeInput}
            value={r.end}
            onChange={(e) => set(i, { end: e.target.value })}
          />
          <button
            type="button"
            className={buttonLink}
            aria-label={`${label}: remove range ${i + 1}`}
            onClick={() => onChange(ranges.filter((_, j) => j !== i))}
          >
            Remove
          </button>
        </div>
      ))}
      {ranges.length < 6 && (
        <button type="button" className={buttonLink} onClick={() => onChange([...ranges, nextRange])}>
          Add hours<span className="sr-only"> on {label}</span>
        </button>
      )}
    </div>
  );
}
