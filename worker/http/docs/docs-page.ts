import { Scalar } from "@scalar/hono-api-reference";
import type { MiddlewareHandler } from "hono";
import { OPENAPI_PATH } from "../openapi/document.ts";
import type { AppEnv } from "../types.ts";

export const DOCS_PATH = "/api/docs";
/**
 * The Scalar standalone bundle, copied from node_modules into the static assets by the web build
 * (web/vite.config.ts): the page works offline and loads nothing from a CDN. The version is in
 * the name so the asset can be cached for good.
 */
export const DOCS_BUNDLE_PATH = "/docs-assets/scalar-api-reference-1.72.1.js";

/**
 * The reference docs, rendered in the browser by Scalar from /api/openapi.json. Scalar's page
 * has one inline script (its configuration), allowed by a per-request nonce; Vue injects styles
 * at run time, hence style-src 'unsafe-inline'. Fonts: the system's (the default fonts are on
 * Scalar's CDN).
 */
export function docsPage(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const nonce = crypto.randomUUID().replace(/-/g, "");
    const render = Scalar({
      url: OPENAPI_PATH,
      cdn: DOCS_BUNDLE_PATH,
      pageTitle: "Prescripto Edge API",
      withDefaultFonts: false,
      hideClientButton: true,
      telemetry: false,
      nonce,
    });
    const res = await render(c as never, next);
    if (!res) return;
    res.headers.set(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "form-action 'none'",
      ].join("; "),
    );
    res.headers.set("Cache-Control", "no-store");
    res.headers.set("X-Content-Type-Options", "nosniff");
    return res;
  };
}
