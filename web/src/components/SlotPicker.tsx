import { useId, useMemo, useState } from "react";
import type { Slot } from "../api/types";
import {
  addDays,
  browserZone,
  doctorRangeFor,
  formatDay,
  formatTime,
  groupByLocalDate,
  localDateOf,
  weekOf,
  zoneLabel,
  zonesDiffer,
} from "../lib/time";
import { useSlots } from "../queries/doctors";
import { focusRing } from "./focusRing";
import { ErrorPanel } from "./States";
import { buttonSecondary } from "./ui";

interface Props {
  doctorId: string;
  doctorZone: string;
  selected: string | null;
  onSelect: (slot: Slot) => void;
  /** Hide a slot (the appointment being rescheduled already holds it). */
  exclude?: string;
}

/**
 * A week at a time in the patient's zone: days with free slots are marked, a day's times are
 * buttons. The doctor's wall-clock time is shown beside each when the two zones differ.
 */
export function SlotPicker({ doctorId, doctorZone, selected, onSelect, exclude }: Props) {
  const zone = browserZone();
  const today = localDateOf(Date.now(), zone);
  const [weekIndex, setWeekIndex] = useState(0);
  const week = weekOf(addDays(today, weekIndex * 7));
  const range = doctorRangeFor(week);
  const slots = useSlots(doctorId, range.from, range.to);
  const byDay = useMemo(
    () =>
      groupByLocalDate(
        (slots.data?.slots ?? []).filter((s) => s.start !== exclude),
        zone,
      ),
    [slots.data, zone, exclude],
  );
  const firstFree = week.find((d) => (byDay.get(d)?.length ?? 0) > 0) ?? null;
  const [day, setDay] = useState<string | null>(null);
  const activeDay = day && week.includes(day) ? day : firstFree;
  const times = activeDay ? (byDay.get(activeDay) ?? []) : [];
  const differ = zonesDiffer(zone, doctorZone);
  const id = useId();

  const status = slots.isPending
    ? "Loading free times…"
    : activeDay
      ? `${times.length} free ${times.length === 1 ? "time" : "times"} on ${formatDay(activeDay, "long")}`
      : "No free times this week";

  return (
    <div className="space-y-4" data-testid="slot-picker">
      <div className="flex items-center justify-between gap-2">
        <button
          type="button"
          className={buttonSecondary}
          disabled={weekIndex === 0}
          onClick={() => {
            setDay(null);
            setWeekIndex((w) => w - 1);
          }}
        >
          <span aria-hidden="true">←</span>
          <span>
            Previous<span className="hidden sm:inline"> week</span>
          </span>
        </button>
        <p className="text-center text-sm font-medium text-slate-800">
          {formatDay(week[0] ?? today)} – {formatDay(week[6] ?? today)}
        </p>
        <button
          type="button"
          className={buttonSecondary}
          disabled={weekIndex >= 8}
          onClick={() => {
            setDay(null);
            setWeekIndex((w) => w + 1);
          }}
        >
          <span>
            Next<span className="hidden sm:inline"> week</span>
          </span>
          <span aria-hidden="true">→</span>
        </button>
      </div>

      {slots.isError && (
        <ErrorPanel title="We couldn't load free times" error={slots.error} onRetry={() => void slots.refetch()} />
      )}

      <fieldset>
        <legend className="sr-only">Day</legend>
        <div className="grid grid-cols-7 gap-1 sm:gap-2">
          {week.map((d) => {
            const count = byDay.get(d)?.length ?? 0;
            const active = d === activeDay;
            const [weekday, ...rest] = formatDay(d).split(" ");
            return (
              <button
                key={d}
                type="button"
                aria-pressed={active}
                disabled={count === 0}
                onClick={() => setDay(d)}
                className={`flex min-h-16 flex-col items-center justify-center rounded-xl px-0.5 py-2 text-xs ring-1 ring-inset sm:text-sm ${focusRing} ${
                  active
                    ? "bg-indigo-600 text-white ring-indigo-600"
                    : count > 0
                      ? "bg-white text-slate-900 ring-slate-300 hover:bg-indigo-50"
                      : "bg-slate-100 text-slate-600 ring-slate-200"
                }`}
              >
                <span className="font-semibold">{weekday?.replace(",", "")}</span>
                <span>{rest.join(" ")}</span>
                <span className="sr-only">{count === 0 ? ", no free times" : `, ${count} free`}</span>
                <span
                  aria-hidden="true"
                  className={`mt-1 size-1.5 rounded-full ${count > 0 ? (active ? "bg-white" : "bg-emerald-600") : "bg-transparent"}`}
                />
              </button>
            );
          })}
        </div>
      </fieldset>

      <p id={`${id}-status`} aria-live="polite" className="text-sm text-slate-700" data-testid="slot-status">
        {status}
        {differ && !slots.isPending
          ? ` · times in your zone (${zoneLabel(zone)}); doctor's local time (${zoneLabel(doctorZone)}) in brackets`
          : ""}
      </p>

      <fieldset aria-describedby={`${id}-status`} className="min-h-24">
        <legend className="sr-only">Time</legend>
        {slots.isPending ? (
          <div aria-hidden="true" className="grid grid-cols-3 gap-2 sm:grid-cols-5">
            {Array.from({ length: 10 }, (_, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
              <div key={i} className="h-11 animate-pulse rounded-lg bg-slate-200" />
            ))}
          </div>
        ) : (
          <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:grid-cols-5">
            {times.map((slot) => {
              const active = slot.start === selected;
              return (
                <button
                  key={slot.start}
                  type="button"
                  data-testid="slot"
                  data-start={slot.start}
                  aria-pressed={active}
                  onClick={() => onSelect(slot)}
                  className={`min-h-11 rounded-lg px-2 py-2 text-sm font-medium ring-1 ring-inset ${focusRing} ${
                    active
                      ? "bg-indigo-600 text-white ring-indigo-600"
                      : "bg-white text-slate-900 ring-slate-300 hover:bg-indigo-50"
                  }`}
                >
                  {formatTime(slot.start, zone)}
                  {differ && <span className="block text-xs opacity-80">({formatTime(slot.start, doctorZone)})</span>}
                </button>
              );
            })}
          </div>
        )}
      </fieldset>
    </div>
  );
}
