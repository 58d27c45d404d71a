import { describe, expect, it } from "vitest";
import { formatCountdown, moneyLines, refundablePaise } from "../../web/src/lib/payment-view.ts";

const paid = { status: "captured" as const, amountPaidPaise: 90_000, refunds: [] };

describe("money lines on an appointment", () => {
  it("says nothing when there is no payment", () => {
    expect(moneyLines(null)).toEqual([]);
    expect(moneyLines(undefined)).toEqual([]);
    expect(moneyLines({ status: "created", amountPaidPaise: 0, refunds: [] })).toEqual([]);
  });

  it("shows what was paid, then each refund with its state", () => {
    const lines = moneyLines({
      ...paid,
      refunds: [
        { id: "rfnd_1234567890", amountPaise: 45_000, status: "pending" },
        { id: "rfnd_abcdefghij", amountPaise: 10_000, status: "failed" },
        { id: "rfnd_zzzzzzzzzz", amountPaise: 5_000, status: "processed" },
      ],
    });
    expect(lines.map((l) => [l.text, l.tone])).toEqual([
      ["Paid ₹900", "ok"],
      ["₹450 on its way (usually 5–7 working days)", "wait"],
      ["₹100 refund delayed — we are retrying", "bad"],
      ["₹50 refunded", "ok"],
    ]);
  });

  it("reports a failed attempt", () => {
    expect(moneyLines({ status: "failed", amountPaidPaise: 0, refunds: [] })[0]?.tone).toBe("bad");
  });
});

describe("refundable amount", () => {
  it("is the captured amount less refunds that did not fail", () => {
    expect(refundablePaise(paid)).toBe(90_000);
    expect(
      refundablePaise({
        ...paid,
        refunds: [
          { id: "rfnd_1234567890", amountPaise: 30_000, status: "processed" },
          { id: "rfnd_abcdefghij", amountPaise: 20_000, status: "failed" },
        ],
      }),
    ).toBe(60_000);
  });

  it("is nothing before capture", () => {
    expect(refundablePaise({ status: "authorized", amountPaidPaise: 90_000, refunds: [] })).toBe(0);
    expect(refundablePaise(null)).toBe(0);
  });
});

describe("hold countdown", () => {
  it("formats minutes and seconds and never goes negative", () => {
    expect(formatCountdown(247_000)).toBe("4:07");
    expect(formatCountdown(999)).toBe("0:00");
    expect(formatCountdown(-5_000)).toBe("0:00");
  });
});
