import { configDefaults, defineConfig } from "vitest/config";

/**
 * Files that mostly wait on real time (rate-limit windows, the booking limiter's minute, retry
 * backoff, stalled services). `npm test` runs them as the "slow" part, beside the "rest", each part
 * in its own vitest with its own shared worker, database and Redis, so their waits overlap other work.
 * INTEGRATION_PART unset runs every file.
 */
const SLOW = [
  "rate-limit",
  "booking.integration",
  "faults.integration",
  "faults-mongo-monitor",
  "faults-redis",
  "health",
  "recovery",
  "payments.integration",
].map((name) => `tests/integration/${name}*.test.ts`);

const part = process.env.INTEGRATION_PART;
if (part !== undefined && part !== "slow" && part !== "rest") {
  throw new Error(`INTEGRATION_PART must be "slow" or "rest", not "${part}"`);
}

// The real Worker bundle in workerd (wrangler dev) against the real local services.
export default defineConfig({
  test: {
    name: part ? `integration-${part}` : "integration",
    root: new URL("../..", import.meta.url).pathname,
    include: part === "slow" ? SLOW : ["tests/integration/**/*.test.ts"],
    exclude: part === "rest" ? [...configDefaults.exclude, ...SLOW] : configDefaults.exclude,
    environment: "node",
    globalSetup: ["tests/integration/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file may start its own worker; two cores cannot run many workerd at once.
    fileParallelism: false,
  },
});
