import { Toucan } from "toucan-js";
import type { AppConfig } from "../config.ts";
import { redactText, scrubEvent } from "./scrub.ts";

export interface CaptureContext {
  config: AppConfig;
  waitUntil: (promise: Promise<unknown>) => void;
  request?: Request;
  requestId?: string;
  tags?: Record<string, string>;
}

/**
 * Sends an unexpected error to Sentry through toucan-js when a DSN is configured; a no-op
 * otherwise. The request is attached with an allow-list of headers only, then scrubbed again
 * in beforeSend so nothing identifying a patient leaves the Worker.
 */
export function captureException(error: unknown, ctx: CaptureContext): void {
  const dsn = ctx.config.SENTRY_DSN;
  if (!dsn) return;
  const sentry = new Toucan({
    dsn,
    environment: ctx.config.SENTRY_ENVIRONMENT,
    release: ctx.config.BUILD_VERSION,
    context: { waitUntil: ctx.waitUntil },
    ...(ctx.request ? { request: ctx.request } : {}),
    requestDataOptions: {
      allowedHeaders: ["user-agent", "content-type", "cf-ray", "x-request-id"],
      allowedCookies: false,
      allowedSearchParams: false,
      allowedIps: false,
    },
    beforeSend: (event) => {
      const scrubbed = scrubEvent(event as unknown as Record<string, unknown>) as unknown as typeof event;
      for (const ex of scrubbed.exception?.values ?? []) {
        if (ex.value) ex.value = redactText(ex.value);
      }
      if (scrubbed.message) scrubbed.message = redactText(scrubbed.message);
      return scrubbed;
    },
  });
  if (ctx.requestId) sentry.setTag("request_id", ctx.requestId);
  for (const [k, v] of Object.entries(ctx.tags ?? {})) sentry.setTag(k, v);
  sentry.captureException(error);
}
