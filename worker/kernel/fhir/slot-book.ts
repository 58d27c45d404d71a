import type { ScheduleSettings } from "../domain/schedule.ts";
import { type Busy, generateSlots, type Slot, slotsOverlap } from "../domain/slots.ts";

export interface BookedSlot extends Slot {
  busy: boolean;
}

/**
 * Every slot of the dates, free or busy: the same rules as availability (generateSlots) except
 * that taken intervals mark a slot busy instead of removing it. Time off, notice and horizon
 * still remove slots, as they do from availability: those are not bookable at all.
 */
export function slotBook(
  settings: ScheduleSettings,
  range: { from: string; to: string },
  now: Date,
  busy: readonly Busy[],
): BookedSlot[] {
  return generateSlots(settings, range, now, []).map((slot) => {
    const interval = { startMs: Date.parse(slot.start), endMs: Date.parse(slot.end) };
    return { ...slot, busy: busy.some((b) => slotsOverlap(interval, b)) };
  });
}
