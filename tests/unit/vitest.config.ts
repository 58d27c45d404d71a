import { defineConfig } from "vitest/config";

// Pure code and the Hono app through app.request: plain Node, no services, fast.
export default defineConfig({
  test: {
    name: "unit",
    root: new URL("../..", import.meta.url).pathname,
    include: ["tests/unit/**/*.test.ts"],
    environment: "node",
  },
});
