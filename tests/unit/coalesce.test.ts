import { describe, expect, it } from "vitest";
import { coalesced } from "../../worker/kernel/lib/coalesce.ts";

describe("coalesced", () => {
  it("runs once per burst of calls made while a run is in flight, and once more for calls made during it", async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const job = coalesced(async () => {
      runs++;
      await new Promise<void>((r) => {
        release = r;
      });
    });
    const first = job();
    // Ten calls while the first run waits: they share one follow-up run, not ten.
    const during = Array.from({ length: 10 }, () => job());
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 0));
    expect(runs).toBe(2);
    release();
    await Promise.all([first, ...during]);
    expect(runs).toBe(2);
    // Idle again: the next call starts a run of its own.
    const later = job();
    expect(runs).toBe(3);
    release();
    await later;
  });
});
