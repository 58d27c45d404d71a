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

describe("the refund a cancellation email names", () => {
  const start = "2026-06-10T08:00:00.000Z";
  const paidThenCancelled = (cancelledAt: string, role: "patient" | "doctor") => {
    const held = bookedAppointment({ start, feePaise: 50_000 });
    const base = held.history[0] as (typeof held.history)[0];
    return {
      ...held,
      status: "cancelled" as const,
      version: 3,
      history: [
        { ...base, type: "held", toStatus: "held" as const },
        {
          ...base,
          version: 2,
          type: "booked",
          fromStatus: "held" as const,
          toStatus: "booked" as const,
          actor: { role: "system" as const, id: "payments" },
        },
        {
          ...base,
          version: 3,
          type: "cancelled",
          fromStatus: "booked" as const,
          toStatus: "cancelled" as const,
          actor: { role, id: "x" },
          at: cancelledAt,
        },
      ],
    };
  };
  const refundOf = (a: ReturnType<typeof paidThenCancelled>) => {
    const m = changeNotification(a);
    return m?.type === "appointment.change" ? m.refundDuePaise : undefined;
  };

  // The doctor's DO decides the refund by the doctor's own policy and records it on the
  // appointment with the cancel; the email names exactly that (no policy is re-applied here).
  const withRefunds = (
    a: ReturnType<typeof paidThenCancelled>,
    refunds: { id: string; amountPaise: number; status: "pending" | "processed" | "failed" }[],
  ) => ({
    ...a,
    payment: {
      orderId: "order_test0001",
      paymentId: "pay_test0001",
      status: "captured" as const,
      amountPaidPaise: 50_000,
      flag: null,
      refunds,
    },
  });

  it("is the refund the doctor's DO recorded with the cancel, whatever a default policy would say", () => {
    const late = paidThenCancelled("2026-06-10T07:00:00.000Z", "patient");
    expect(refundOf(withRefunds(late, [{ id: "rfnd_rec_000001", amountPaise: 37_500, status: "pending" }]))).toBe(
      37_500,
    );
    expect(refundOf(withRefunds(late, []))).toBe(0);
  });

  it("does not count a failed refund attempt (its retry is a new record)", () => {
    const a = paidThenCancelled("2026-06-08T08:00:00.000Z", "doctor");
    const refunds = [
      { id: "rfnd_rec_000001", amountPaise: 50_000, status: "failed" as const },
      { id: "rfnd_rec_000002", amountPaise: 50_000, status: "pending" as const },
    ];
    expect(refundOf(withRefunds(a, refunds))).toBe(50_000);
  });

  it("is nothing when nothing was paid", () => {
    const m = changeNotification(cancelled(bookedAppointment({ start, feePaise: 50_000 })));
    expect(m?.type === "appointment.change" && m.refundDuePaise).toBe(0);
  });
});
