import { defineConfig } from "vitest/config";

// A real browser (Debian's Chromium via playwright-core) against the Worker in workerd.
export default defineConfig({
  test: {
    name: "e2e",
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/e2e/**/*.test.ts"],
    environment: "node",
    globalSetup: ["tests/e2e/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    // The browser waits on a real stack on a shared machine: give polled conditions room.
    expect: { poll: { timeout: 15_000 } },
  },
});
