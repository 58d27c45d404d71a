import { Hono } from "hono";
import { loadConfig } from "../../kernel/config.ts";
import type { AppEnv } from "../types.ts";
import { runHealthChecks } from "./health.checks.ts";

/**
 * `/live`: the Worker itself answers (no dependency is touched; cheap enough for load balancers
 * and the benchmark baseline). `/`: every dependency, 200 when all answer, 503 naming the failing parts.
 */
export const healthRoutes = new Hono<AppEnv>()
  .get("/live", (c) =>
    c.json({ status: "ok", version: c.env.BUILD_VERSION ?? "unknown" }, 200, { "Cache-Control": "no-store" }),
  )
  .get("/", async (c) => {
    const loaded = loadConfig(c.env);
    const version = typeof c.env.BUILD_VERSION === "string" ? c.env.BUILD_VERSION : "unknown";
    const headers = { "Cache-Control": "no-store" };
    if (!loaded.ok) {
      return c.json(
        {
          status: "unhealthy",
          version,
          failing: ["config"],
          checks: { config: { ok: false, issues: loaded.issues } },
        },
        503,
        headers,
      );
    }
    const checks = await runHealthChecks(c.env, loaded.config, c.get("log"));
    const failing = Object.entries(checks)
      .filter(([, r]) => !r.ok)
      .map(([name]) => name);
    return c.json(
      {
        status: failing.length === 0 ? "ok" : "unhealthy",
        version,
        failing,
        checks: { config: { ok: true }, ...checks },
      },
      failing.length === 0 ? 200 : 503,
      headers,
    );
  });
