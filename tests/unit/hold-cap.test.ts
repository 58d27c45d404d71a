import { describe, expect, it } from "vitest";
import { decideConfirm, decideRelease, decideReserve } from "../../worker/kernel/domain/hold-cap.ts";

const NOW = 1_000_000;
const r = (key: string, expiresAtMs = NOW + 600_000) => ({ key, expiresAtMs });

describe("platform-wide hold cap", () => {
  it("allows holds up to the limit and refuses the next, naming the limit", () => {
    const one = decideReserve([], r("a"), 2, NOW);
    if (!one.ok) throw new Error("first refused");
    const two = decideReserve(one.reservations, r("b"), 2, NOW);
    if (!two.ok) throw new Error("second refused");
    expect(decideReserve(two.reservations, r("c"), 2, NOW)).toEqual({ ok: false, limit: 2, active: 2 });
  });

  it("allows again once one is released or has expired by itself", () => {
    const held = [r("a"), r("b", NOW + 10)];
    expect(decideReserve(decideRelease(held, "a", NOW), r("c"), 2, NOW).ok).toBe(true);
    expect(decideReserve(held, r("c"), 2, NOW + 9).ok).toBe(false);
    expect(decideReserve(held, r("c"), 2, NOW + 10).ok).toBe(true);
  });

  it("treats the same key again as the same reservation (a retried booking)", () => {
    const d = decideReserve([r("a"), r("b")], r("a", NOW + 5), 2, NOW);
    expect(d).toEqual({ ok: true, reservations: [r("a", NOW + 5), r("b")] });
  });

  it("swaps a pending key for the appointment id when the hold is taken", () => {
    expect(decideConfirm([r("req-1", NOW + 30_000), r("b")], "req-1", r("apt-1"), NOW)).toEqual([r("b"), r("apt-1")]);
    // The hold already gone by the time it is confirmed here: nothing is kept for it.
    expect(decideConfirm([r("req-1", NOW + 30_000)], "req-1", r("apt-1", NOW), NOW)).toEqual([]);
  });
});
