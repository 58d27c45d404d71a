import { defineConfig } from "vitest/config";

// Pure code and the Hono app through app.request: plain Node, no services, fast.
export default defineConfig({
  test: {
    name: "unit",
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
    // Files share a worker's module cache instead of re-importing the app per file: most of this
    // layer's time was start-up and transform. Unit tests restore what they stub (afterEach).
    isolate: false,
  },
});
