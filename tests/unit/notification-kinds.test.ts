import { describe, expect, it } from "vitest";
import { changeKindOf, changeNotification } from "../../worker/kernel/notifications/kinds.ts";
import { bookedAppointment, cancelled } from "../support/notifications.ts";

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
    [{ fromStatus: "booked", toStatus: "booked", fromStart: null, toStart: null }, null],
    [{ fromStatus: "booked", toStatus: "booked", fromStart: at, toStart: at }, null],
  ] as const)("%o → %s", (entry, kind) => {
    expect(changeKindOf(entry)).toBe(kind);
  });
});

describe("the notification a snapshot sends", () => {
  const booked = bookedAppointment({ start: "2026-06-10T08:00:00.000Z" });

  it("names the change of the snapshot's own version", () => {
    expect(changeNotification(booked)).toEqual({ type: "appointment.change", kind: "booked", appointment: booked });
    const gone = cancelled(booked);
    expect(changeNotification(gone)?.type === "appointment.change" && changeNotification(gone)).toMatchObject({
      kind: "cancelled",
    });
  });

  it("sends nothing for a snapshot whose history does not reach its version", () => {
    expect(changeNotification({ ...booked, version: 2 })).toBeNull();
    expect(changeNotification({ ...booked, history: [] })).toBeNull();
  });

  it("sends nothing for a change that keeps the status and the start (attendance confirmed)", () => {
    const confirmed = {
      ...booked,
      version: 2,
      history: [
        ...booked.history,
        {
          ...(booked.history[0] as (typeof booked.history)[0]),
          version: 2,
          type: "attendance_confirmed",
          fromStatus: "booked" as const,
          toStart: null,
        },
      ],
    };
    expect(changeNotification(confirmed)).toBeNull();
  });
});
