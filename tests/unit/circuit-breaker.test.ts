import { describe, expect, it } from "vitest";
import { CircuitBreaker, type CircuitState } from "../../worker/kernel/lib/circuit-breaker.ts";

function breaker(options: { failureThreshold?: number; openMs?: number } = {}) {
  let now = 1_000;
  const changes: string[] = [];
  const b = new CircuitBreaker({
    failureThreshold: options.failureThreshold ?? 1,
    openMs: options.openMs ?? 3_000,
    now: () => now,
    onStateChange: ({ from, to }: { from: CircuitState; to: CircuitState }) => changes.push(`${from}->${to}`),
  });
  return { b, changes, advance: (ms: number) => (now += ms) };
}

describe("CircuitBreaker", () => {
  it("lets every call through while the dependency answers", () => {
    const { b, changes } = breaker();
    for (let i = 0; i < 5; i++) {
      expect(b.attempt()).toEqual({ allowed: true, probe: false });
      b.success();
    }
    expect(b.state).toBe("closed");
    expect(changes).toEqual([]);
  });

  it("opens after the threshold of consecutive failures and then skips the dependency", () => {
    const { b, changes } = breaker({ failureThreshold: 2 });
    b.failure();
    expect(b.state).toBe("closed");
    b.success(); // a success in between resets the count
    b.failure();
    expect(b.state).toBe("closed");
    b.failure();
    expect(b.state).toBe("open");
    expect(b.attempt()).toEqual({ allowed: false, retryInMs: 3_000 });
    expect(changes).toEqual(["closed->open"]);
  });

  it("lets exactly one probe through after openMs, and closes when it succeeds", () => {
    const { b, changes, advance } = breaker();
    b.failure();
    advance(2_999);
    expect(b.attempt().allowed).toBe(false);
    advance(1);
    expect(b.attempt()).toEqual({ allowed: true, probe: true });
    expect(b.state).toBe("half-open");
    // Others keep skipping while the probe is out.
    expect(b.attempt().allowed).toBe(false);
    b.success();
    expect(b.state).toBe("closed");
    expect(b.attempt()).toEqual({ allowed: true, probe: false });
    expect(changes).toEqual(["closed->open", "open->half-open", "half-open->closed"]);
  });

  it("reopens for another openMs when the probe fails", () => {
    const { b, advance } = breaker();
    b.failure();
    advance(3_000);
    expect(b.attempt()).toEqual({ allowed: true, probe: true });
    advance(400);
    b.failure({ probe: true });
    expect(b.state).toBe("open");
    advance(2_999);
    expect(b.attempt().allowed).toBe(false);
    advance(1);
    expect(b.attempt()).toEqual({ allowed: true, probe: true });
  });

  it("ignores a late failure of a call admitted before it opened while the probe is out", () => {
    const { b, advance } = breaker();
    b.failure();
    advance(3_000);
    expect(b.attempt().allowed).toBe(true);
    b.failure(); // not the probe
    expect(b.state).toBe("half-open");
    b.success();
    expect(b.state).toBe("closed");
  });

  it("lets another probe through when the first never reported", () => {
    const { b, advance } = breaker();
    b.failure();
    advance(3_000);
    expect(b.attempt().allowed).toBe(true);
    advance(1_000);
    expect(b.attempt().allowed).toBe(false);
    advance(2_000);
    expect(b.attempt()).toEqual({ allowed: true, probe: true });
  });

  it("refuses a threshold below one", () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, openMs: 1, now: () => 0 })).toThrow(RangeError);
  });
});
