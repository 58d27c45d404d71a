import { useDeferredValue, useMemo } from "react";
import { formatDay } from "../lib/time";
import { hint, sectionTitle } from "./looks";
import { PREVIEW_DAYS, previewSlots } from "./schedule-preview";
import type { ScheduleSettings } from "./schedule-types";

/**
 * The next two weeks' slots as the server would generate them from this draft (same pure rules,
 * same validation), before bookings are taken out. Recomputed as the doctor types.
 */
export function SlotPreview({ draft }: { draft: ScheduleSettings }) {
  const deferred = useDeferredValue(draft);
  const preview = useMemo(() => previewSlots(deferred, new Date()), [deferred]);
  return (
    <section aria-labelledby="preview-title" className="space-y-3" data-testid="slot-preview">
      <h2 id="preview-title" className={sectionTitle}>
        Preview: next {PREVIEW_DAYS} days
      </h2>
      {!preview.ok && (
        <div role="alert" className="rounded-xl bg-red-50 p-3 text-sm text-red-900" data-testid="schedule-issues">
          <p className="font-semibold">Fix these to see the preview and save:</p>
          <ul className="mt-1 list-disc pl-5">
            {preview.issues.map((i) => (
              <li key={`${i.path}:${i.message}`}>
                {i.path ? `${i.path}: ` : ""}
                {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {preview.ok && (
        <>
          <p className={hint} aria-live="polite" data-testid="preview-total">
            {preview.total === 1 ? "1 slot" : `${preview.total} slots`} offered (times in {deferred.timeZone}; booked
            slots are taken out on the public page).
          </p>
          <ol className="space-y-2">
            {preview.days.map((d) => (
              <li key={d.date} className="rounded-xl bg-white p-3 ring-1 ring-slate-200" data-testid="preview-day">
                <p className="text-sm font-semibold text-slate-900">
                  {formatDay(d.date)} <span className="font-normal text-slate-600">· {d.slots.length} slots</span>
                </p>
                {d.slots.length > 0 && (
                  <p className="mt-1 text-xs text-slate-700 tabular-nums">
                    {d.slots
                      .slice(0, 12)
                      .map((s) => s.localStart)
                      .join(" · ")}
                    {d.slots.length > 12 ? ` … ${d.slots[d.slots.length - 1]?.localStart}` : ""}
                  </p>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
