/**
 * When a failed webhook delivery is tried again: exponential backoff with full jitter (a random
 * delay between 0 and base·2^(attempt-1), capped), for a window measured from the delivery's first
 * attempt (24 hours in production). The last retry lands at the end of the window, so a receiver
 * that is down for up to the whole window still gets the event; after that the delivery is given
 * up (dead-lettered). A receiver's Retry-After (429/503) is honoured even beyond the window.
 * Queues delay a message by at most 12 hours, so no single delay exceeds that.
 *
 * Pure: the clock and the randomness are passed in.
 */
export const QUEUE_MAX_DELAY_SECONDS = 12 * 60 * 60;

export interface RetrySchedule {
  baseSeconds: number;
  maxDelaySeconds: number;
  windowSeconds: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = {
  baseSeconds: 30,
  maxDelaySeconds: 2 * 60 * 60,
  windowSeconds: 24 * 60 * 60,
};

export type RetryPlan =
  | { action: "retry"; delaySeconds: number; nextAttemptAt: Date }
  | { action: "give_up"; reason: "window_elapsed" };

export function planRetry(input: {
  /** Attempts made so far, this one included (a queue message's `attempts`). */
  attempts: number;
  windowStart: Date;
  now: Date;
  random: () => number;
  retryAfterSeconds?: number | null;
  schedule: RetrySchedule;
}): RetryPlan {
  const { schedule, now } = input;
  const windowEndMs = input.windowStart.getTime() + schedule.windowSeconds * 1000;
  if (now.getTime() >= windowEndMs) return { action: "give_up", reason: "window_elapsed" };
  const exponent = Math.min(Math.max(input.attempts - 1, 0), 30);
  const ceiling = Math.min(schedule.maxDelaySeconds, schedule.baseSeconds * 2 ** exponent);
  const jittered = Math.ceil(ceiling * input.random());
  const remaining = Math.ceil((windowEndMs - now.getTime()) / 1000);
  let delay = Math.max(1, Math.min(jittered, remaining));
  if (input.retryAfterSeconds && input.retryAfterSeconds > delay) delay = input.retryAfterSeconds;
  delay = Math.min(delay, QUEUE_MAX_DELAY_SECONDS);
  return { action: "retry", delaySeconds: delay, nextAttemptAt: new Date(now.getTime() + delay * 1000) };
}
