import { describe, expect, it } from "vitest";
import { changeKindOf } from "../../worker/kernel/notifications/kinds.ts";

const at = "2026-06-10T08:00:00.000Z";
const later = "2026-06-11T08:00:00.000Z";

describe("which notification a change sends", () => {
  it.each([
    [{ fromStatus: null, toStatus: "booked", fromStart: null, toStart: at }, "booked"],
    [{ fromStatus: null, toStatus: "held", fromStart: null, toStart: at }, "held"],
    [{ fromStatus: "held", toStatus: "booked", fromStart: null, toStart: null }, "payment_received"],
    [{ fromStatus: "booked", toStatus: "booked", fromStart: at, toStart: later }, "rescheduled"],
    [{ fromStatus: "held", toStatus: "held", fromStart: at, toStart: later }, "rescheduled"],
    [{ fromStatus: "booked", toStatus: "cancelled", fromStart: null, toStart: null }, "cancelled"],
    [{ fromStatus: "held", toStatus: "expired", fromStart: null, toStart: null }, "hold_expired"],
    [{ fromStatus: "booked", toStatus: "completed", fromStart: null, toStart: null }, "completed"],
    [{ fromStatus: "booked", toStatus: "no_show", fromStart: null, toStart: null }, "no_show"],
  ] as const)("%o → %s", (entry, kind) => {
    expect(changeKindOf(entry)).toBe(kind);
  });
});
