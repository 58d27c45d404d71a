import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import { loadConfig } from "../../kernel/config.ts";
import { AppError, envelope } from "../../kernel/lib/errors.ts";
import { createLogger } from "../../kernel/lib/logger.ts";
import { captureException } from "../../kernel/observability/sentry.ts";
import type { AppEnv } from "../types.ts";

/** Maps anything thrown to the one error envelope. Internals never reach the caller. */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const appError = toAppError(err);
  const requestId = c.get("requestId") ?? "unknown";
  const log = c.get("log") ?? createLogger({ fields: { requestId } });

  if (appError.status >= 500) {
    log.error("request failed", { code: appError.code, path: c.req.path, error: err });
  }
  if (appError.reportable || !(err instanceof AppError || err instanceof HTTPException)) {
    const config = loadConfig(c.env);
    if (config.ok) {
      captureException(err, {
        config: config.config,
        waitUntil: (p) => safeWaitUntil(c, p),
        request: c.req.raw,
        requestId,
      });
    }
  }
  return c.json(envelope(appError.code, appError.message, requestId, appError.fields), appError.status, {
    "Cache-Control": "no-store",
    ...appError.headers,
  });
};

// Returned, not thrown: the method-not-allowed middleware turns a plain 404 on a known path into 405.
export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  c.json(envelope("NOT_FOUND", `No route for ${c.req.method} ${c.req.path}`, c.get("requestId") ?? "unknown"), 404, {
    "Cache-Control": "no-store",
  });

function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof HTTPException) {
    // Hono's own validator throws 400 "Malformed JSON in request body" before zod runs.
    if (err.status === 400) return new AppError("MALFORMED_JSON", "Request body is not valid JSON");
    if (err.status === 413) return new AppError("PAYLOAD_TOO_LARGE", "Request body is too large");
    // A route's declared body media types did not match (e.g. a JSON route sent text/plain).
    if (err.status === 415) return new AppError("UNSUPPORTED_MEDIA_TYPE", "Send the body as application/json");
    if (err.status === 404) return new AppError("NOT_FOUND", "Not found");
  }
  return new AppError("INTERNAL", "Something went wrong on our side; the error has been recorded");
}

function safeWaitUntil(c: Context<AppEnv>, promise: Promise<unknown>): void {
  try {
    c.executionCtx.waitUntil(promise);
  } catch {
    // No execution context (e.g. app.request in tests): let it run detached.
    void promise.catch(() => undefined);
  }
}
