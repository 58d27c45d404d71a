import { defineConfig } from "vitest/config";

// Schemathesis against the running Worker (wrangler dev) and the real local services.
export default defineConfig({
  test: {
    name: "fuzz",
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/fuzz/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/fuzz/global-setup.ts"],
    // The run itself is bounded by examples per operation and a hard deadline (schemathesis.test.ts).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
