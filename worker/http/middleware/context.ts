import type { MiddlewareHandler } from "hono";
import { describeIssues, loadConfig } from "../../kernel/config.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { createLogger } from "../../kernel/lib/logger.ts";
import type { AppEnv } from "../types.ts";

/**
 * Parses the configuration and sets up the request's logger. With invalid configuration
 * every route answers 503 CONFIG_INVALID naming the settings, except /api/health which
 * reports them itself.
 */
export function requestContext(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const result = loadConfig(c.env);
    const requestId = c.get("requestId");
    if (!result.ok) {
      c.set("log", createLogger({ fields: { requestId } }));
      if (c.req.path === "/api/health") return next();
      throw new AppError("CONFIG_INVALID", `Service misconfigured: ${describeIssues(result.issues)}`);
    }
    c.set("config", result.config);
    const log = createLogger({ level: result.config.LOG_LEVEL, fields: { requestId } });
    c.set("log", log);
    c.set("deps", { env: c.env, config: result.config, log, waitUntil: (p) => c.executionCtx.waitUntil(p) });
    const started = Date.now();
    await next();
    c.get("log").info("request", {
      method: c.req.method,
      path: c.req.routePath === "/*" ? "(unmatched)" : c.req.routePath,
      status: c.res.status,
      durationMs: Date.now() - started,
    });
  };
}
