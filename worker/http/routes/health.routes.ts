import { createRoute, z } from "@hono/zod-openapi";
import { loadConfig } from "../../kernel/config.ts";
import { json } from "../openapi/content.ts";
import { errorResponses } from "../openapi/errors.ts";
import { routeApp } from "../openapi/route-app.ts";
import { runHealthChecks } from "./health.checks.ts";

const Check = z.object({
  ok: z.boolean(),
  latencyMs: z.number().optional(),
  detail: z.record(z.string(), z.unknown()).optional(),
  error: z.string().optional(),
  issues: z.array(z.object({ setting: z.string(), message: z.string() })).optional(),
});
const Health = z
  .object({
    status: z.enum(["ok", "unhealthy"]),
    version: z.string(),
    failing: z.array(z.string()),
    checks: z.record(z.string(), Check),
  })
  .openapi("Health");

const live = createRoute({
  method: "get",
  path: "/live",
  tags: ["health"],
  summary: "The Worker answers (touches no dependency)",
  responses: {
    200: json(z.object({ status: z.literal("ok"), version: z.string() }), "Alive"),
    ...errorResponses(500),
  },
});

const health = createRoute({
  method: "get",
  path: "/",
  tags: ["health"],
  summary: "Every dependency, checked through the product's own paths",
  responses: {
    200: json(Health, "All dependencies answer"),
    503: json(Health, "Some dependency (or the configuration) fails; `failing` names it"),
    ...errorResponses(500),
  },
});

/**
 * `/live`: the Worker itself answers (no dependency is touched; cheap enough for load balancers
 * and the benchmark baseline). `/`: every dependency, 200 when all answer, 503 naming the failing parts.
 */
export const healthRoutes = routeApp()
  .openapi(live, (c) => c.json({ status: "ok" as const, version: c.env.BUILD_VERSION ?? "unknown" }, 200))
  .openapi(health, async (c) => {
    const loaded = loadConfig(c.env);
    const version = typeof c.env.BUILD_VERSION === "string" ? c.env.BUILD_VERSION : "unknown";
    if (!loaded.ok) {
      return c.json(
        {
          status: "unhealthy" as const,
          version,
          failing: ["config"],
          checks: { config: { ok: false, issues: loaded.issues } },
        },
        503,
      );
    }
    const checks = await runHealthChecks(c.env, loaded.config, c.get("log"));
    const failing = Object.entries(checks)
      .filter(([, r]) => !r.ok)
      .map(([name]) => name);
    return c.json(
      {
        status: failing.length === 0 ? ("ok" as const) : ("unhealthy" as const),
        version,
        failing,
        checks: { config: { ok: true }, ...checks },
      },
      failing.length === 0 ? 200 : 503,
    );
  });
