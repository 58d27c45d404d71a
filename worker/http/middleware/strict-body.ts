import type { MiddlewareHandler } from "hono";
import { AppError } from "../../kernel/lib/errors.ts";
import type { AppEnv } from "../types.ts";

const JSON_TYPE = /^application\/([a-z.-]+\+)?json\b/i;

/**
 * JSON bodies must be valid UTF-8 (RFC 8259). The platform's JSON parser would quietly turn bad
 * bytes into U+FFFD, so a name would be stored changed while the caller believed it was kept: the
 * raw bytes are checked here, before anything parses them (the parsed body reuses these bytes).
 */
export function strictUtf8Body(): MiddlewareHandler<AppEnv> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD") return next();
    if (!JSON_TYPE.test(c.req.header("Content-Type") ?? "")) return next();
    const bytes = await c.req.arrayBuffer();
    try {
      decoder.decode(bytes);
    } catch {
      throw new AppError("MALFORMED_JSON", "Request body is not valid UTF-8", {
        fields: [{ path: "(body)", message: "must be UTF-8 encoded" }],
      });
    }
    await next();
  };
}

/**
 * `/api/*` answers `Cache-Control: no-store` unless the route chose its own (the public reads
 * opt in with their freshness), so nothing private is ever kept by a browser or a proxy.
 */
export function noStoreByDefault(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
  };
}
