import type { MiddlewareHandler } from "hono";
import { assertScope } from "../../kernel/auth/scopes.ts";
import type { ApiKeyScope } from "../../kernel/domain/clinic.ts";
import type { AppEnv } from "../types.ts";

/** After requireRole: a clinic key must carry `scope` (403 INSUFFICIENT_SCOPE); others pass. */
export function requireScope(scope: ApiKeyScope): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertScope(c.get("caller"), scope);
    await next();
  };
}
