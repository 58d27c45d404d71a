import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import { type AppConfig, loadConfig } from "../../kernel/config.ts";
import type { AppEnv } from "../types.ts";

type Settings = Pick<AppConfig, "APP_ENV" | "RAZORPAY_CHECKOUT_SCRIPT" | "RAZORPAY_API_BASE">;

/** What a response is: the API's JSON (and errors), or the web app's HTML shell. */
export type ResponseKind = "api" | "html";

/**
 * The web app's policy: its own scripts, styles and API only, nothing inline (Vite's build emits
 * none), never framed. Razorpay Checkout (RAZORPAY_CHECKOUT_SCRIPT: the real one in production, the
 * local stand-in in development) may load its script, and frame its pages from there or from the
 * Razorpay API's origin (where the real Checkout's frame lives).
 */
export function webContentSecurityPolicy(checkout: { script?: string; apiBase?: string } = {}): string {
  const scriptOrigin = originOf(checkout.script);
  const frames = [...new Set([scriptOrigin, originOf(checkout.apiBase)].filter(Boolean))];
  return [
    "default-src 'self'",
    `script-src 'self'${scriptOrigin ? ` ${scriptOrigin}` : ""}`,
    `frame-src ${frames.length > 0 ? frames.join(" ") : "'none'"}`,
    "connect-src 'self'",
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function originOf(url: string | undefined): string {
  return url && URL.canParse(url) ? new URL(url).origin : "";
}

/** JSON is never a document: nothing may load from it or frame it. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The headers every response carries, whichever part of the Worker answered it. */
function securityHeadersFor(settings: Settings | undefined, kind: ResponseKind): [string, string][] {
  const headers: [string, string][] = [
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "strict-origin-when-cross-origin"],
    [
      "Content-Security-Policy",
      kind === "html"
        ? webContentSecurityPolicy({ script: settings?.RAZORPAY_CHECKOUT_SCRIPT, apiBase: settings?.RAZORPAY_API_BASE })
        : API_POLICY,
    ],
  ];
  // Only production is always served over HTTPS on its own domain; local and test runs are plain HTTP.
  if (settings?.APP_ENV === "production") {
    headers.push(["Strict-Transport-Security", "max-age=31536000; includeSubDomains"]);
  }
  return headers;
}

/** Sets the headers on a response, copying it first when its headers are immutable (a fetched one). */
export function withSecurityHeaders(res: Response, env: object, kind: ResponseKind): Response {
  const loaded = loadConfig(env);
  // A page that needs its own policy (the API reference at /api/docs, with a per-request nonce;
  // the reminder-link pages, whose URL carries a token and so sends no referrer) sets it itself;
  // every other answer gets the policy of its kind.
  const headers = securityHeadersFor(loaded.ok ? loaded.config : undefined, kind).filter(
    ([name]) => (name !== "Content-Security-Policy" && name !== "Referrer-Policy") || !res.headers.has(name),
  );
  try {
    for (const [name, value] of headers) res.headers.set(name, value);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [name, value] of headers) copy.headers.set(name, value);
    return copy;
  }
}

/**
 * First in the app, so every API answer (errors, 404s, 405s included) leaves with the security
 * headers; CORS only for the origins in CORS_ORIGINS (none: same-origin only, no CORS headers).
 */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  const corsByOrigins = new Map<string, MiddlewareHandler>();
  return async (c, next) => {
    const loaded = loadConfig(c.env);
    const origins = loaded.ok ? loaded.config.CORS_ORIGINS : [];
    if (origins.length > 0 && c.req.header("Origin")) {
      const key = origins.join(",");
      let handler = corsByOrigins.get(key);
      if (!handler) {
        const allowed = new Set(origins);
        handler = cors({
          origin: (origin) => (allowed.has(origin) ? origin : null),
          allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
          allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key"],
          exposeHeaders: [
            "X-Request-Id",
            "Location",
            "Retry-After",
            "Idempotent-Replayed",
            "RateLimit-Limit",
            "RateLimit-Remaining",
            "RateLimit-Reset",
            "RateLimit-Policy",
          ],
          maxAge: 600,
        });
        corsByOrigins.set(key, handler);
      }
      // A preflight is answered by the handler itself, without going on to the routes.
      const preflight = await handler(c, next);
      if (preflight) c.res = preflight;
    } else {
      await next();
    }
    const res = withSecurityHeaders(c.res, c.env, "api");
    if (res !== c.res) c.res = res;
  };
}
