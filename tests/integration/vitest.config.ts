import { defineConfig } from "vitest/config";

// The real Worker bundle in workerd (wrangler dev) against the real local services.
export default defineConfig({
  test: {
    name: "integration",
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/integration/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/integration/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file may start its own worker; two cores cannot run many workerd at once.
    fileParallelism: false,
  },
});
