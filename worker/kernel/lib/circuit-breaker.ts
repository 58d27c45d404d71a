/**
 * A circuit breaker for one dependency, kept per isolate: after `failureThreshold` consecutive
 * failures it opens and callers skip the dependency for `openMs`; then one probe is let through
 * (half-open) while everyone else keeps skipping; the probe's outcome closes it or opens it again.
 * Pure: the clock is injected and nothing here does I/O, so it is tested in plain Node.
 */
export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit skips the dependency before letting one probe through. */
  openMs: number;
  now: () => number;
  /** Called on every change of state, e.g. to log an outage once instead of on every request. */
  onStateChange?: (change: { from: CircuitState; to: CircuitState; failures: number }) => void;
}

/** What `attempt()` decides: go ahead (possibly as the one probe), or skip the dependency. */
export type Admission = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

export class CircuitBreaker {
  #state: CircuitState = "closed";
  #failures = 0;
  #openedAt = 0;
  #probeInFlight = false;
  #probeStartedAt = 0;
  readonly #options: CircuitBreakerOptions;

  constructor(options: CircuitBreakerOptions) {
    if (options.failureThreshold < 1) throw new RangeError("failureThreshold must be at least 1");
    this.#options = options;
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** Asks to call the dependency. A caller that is allowed must report with success() or failure(). */
  attempt(): Admission {
    if (this.#state === "closed") return { allowed: true, probe: false };
    const now = this.#options.now();
    const elapsed = now - this.#openedAt;
    if (this.#state === "open" && elapsed >= this.#options.openMs) this.#move("half-open");
    // A probe that never reported (its caller went away) must not keep the circuit half-open forever.
    const probeLost = this.#probeInFlight && now - this.#probeStartedAt >= this.#options.openMs;
    if (this.#state === "half-open" && (!this.#probeInFlight || probeLost)) {
      this.#probeInFlight = true;
      this.#probeStartedAt = now;
      return { allowed: true, probe: true };
    }
    return { allowed: false, retryInMs: Math.max(0, this.#options.openMs - elapsed) };
  }

  /** The dependency answered. */
  success(): void {
    this.#failures = 0;
    this.#probeInFlight = false;
    if (this.#state !== "closed") this.#move("closed");
  }

  /**
   * The dependency failed or timed out. While half-open, only the probe's failure reopens the
   * circuit: calls admitted before it opened may still be finishing and say nothing new.
   */
  failure(options: { probe?: boolean } = {}): void {
    this.#failures += 1;
    if (this.#state === "half-open") {
      if (!options.probe) return;
      this.#probeInFlight = false;
      this.#open();
      return;
    }
    if (this.#state === "closed" && this.#failures >= this.#options.failureThreshold) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#options.now();
    this.#move("open");
  }

  #move(to: CircuitState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    this.#options.onStateChange?.({ from, to, failures: this.#failures });
  }
}
