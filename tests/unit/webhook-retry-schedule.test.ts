import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETRY_SCHEDULE,
  planRetry,
  QUEUE_MAX_DELAY_SECONDS,
  type RetrySchedule,
} from "../../worker/kernel/webhooks/retry-schedule.ts";

const DAY = 86_400;
const start = new Date("2026-11-30T10:00:00.000Z");

/** A small deterministic PRNG (mulberry32), so a run is repeatable per seed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs a receiver that always fails through the schedule with an injected clock. */
function simulate(random: () => number, schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE, retryAfter?: number) {
  let now = start.getTime();
  const delays: number[] = [];
  for (let attempts = 1; attempts < 10_000; attempts++) {
    const plan = planRetry({
      attempts,
      windowStart: start,
      now: new Date(now),
      random,
      retryAfterSeconds: retryAfter ?? null,
      schedule,
    });
    if (plan.action === "give_up") return { attempts, delays, lastAttemptAt: now };
    expect(plan.nextAttemptAt.getTime()).toBe(now + plan.delaySeconds * 1000);
    delays.push(plan.delaySeconds);
    now += plan.delaySeconds * 1000;
  }
  throw new Error("never gave up");
}

describe("webhook retry schedule", () => {
  it("keeps retrying for the whole 24 hours and gives up at its end, for many random runs", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const run = simulate(seeded(seed));
      // The last attempt is at (not before) the end of the window: a receiver down for 24 h still gets it.
      expect(run.lastAttemptAt - start.getTime()).toBe(DAY * 1000);
      // Within the queue's limits: Queues allow at most 100 retries and 12 h per delay.
      expect(run.attempts).toBeLessThan(100);
      expect(Math.max(...run.delays)).toBeLessThanOrEqual(DEFAULT_RETRY_SCHEDULE.maxDelaySeconds);
    }
  });

  it("backs off exponentially: the ceiling doubles from the base up to the cap", () => {
    const ceilings = [1, 2, 3, 4, 5, 6, 7, 8, 9].map(
      (attempts) =>
        (
          planRetry({
            attempts,
            windowStart: start,
            now: start,
            random: () => 1,
            schedule: DEFAULT_RETRY_SCHEDULE,
          }) as { delaySeconds: number }
        ).delaySeconds,
    );
    expect(ceilings).toEqual([30, 60, 120, 240, 480, 960, 1920, 3840, 7200]);
  });

  it("uses full jitter: any delay from 1 s up to the ceiling", () => {
    const at = (random: number) =>
      (
        planRetry({
          attempts: 5,
          windowStart: start,
          now: start,
          random: () => random,
          schedule: DEFAULT_RETRY_SCHEDULE,
        }) as {
          delaySeconds: number;
        }
      ).delaySeconds;
    expect(at(0)).toBe(1);
    expect(at(0.5)).toBe(240);
    expect(at(0.999)).toBe(480);
  });

  it("honours a receiver's Retry-After, even past the window, but never beyond the queue's 12 h", () => {
    const nearEnd = new Date(start.getTime() + (DAY - 10) * 1000);
    const plan = planRetry({
      attempts: 3,
      windowStart: start,
      now: nearEnd,
      random: () => 0.5,
      retryAfterSeconds: 600,
      schedule: DEFAULT_RETRY_SCHEDULE,
    });
    expect(plan).toMatchObject({ action: "retry", delaySeconds: 600 });
    const huge = planRetry({
      attempts: 3,
      windowStart: start,
      now: start,
      random: () => 0.5,
      retryAfterSeconds: 3 * DAY,
      schedule: DEFAULT_RETRY_SCHEDULE,
    });
    expect(huge).toMatchObject({ action: "retry", delaySeconds: QUEUE_MAX_DELAY_SECONDS });
  });

  it("a slow Retry-After run still covers 24 hours", () => {
    const run = simulate(() => 0.5, DEFAULT_RETRY_SCHEDULE, 3_600);
    expect(run.lastAttemptAt - start.getTime()).toBeGreaterThanOrEqual(DAY * 1000);
    expect(run.attempts).toBeLessThan(30);
  });

  it("a short configured window (tests) gives up after a few seconds", () => {
    const run = simulate(() => 1, { baseSeconds: 1, maxDelaySeconds: 1, windowSeconds: 3 });
    expect(run.delays).toEqual([1, 1, 1]);
    expect(run.attempts).toBe(4);
  });
});
