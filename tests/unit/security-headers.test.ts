import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import { webContentSecurityPolicy } from "../../worker/http/middleware/security-headers.ts";
import { isWebPath, serveWeb } from "../../worker/http/web-shell.ts";
import { loadConfig } from "../../worker/kernel/config.ts";
import { fakeEnv } from "../support/fake-env.ts";

const app = createApp();
const ALLOWED = "https://partner.example.com";

describe("security headers on API answers", () => {
  it("every answer, an error envelope too, carries nosniff, a referrer policy and a no-content CSP", async () => {
    const res = await app.request("/api/v1/nope", {}, fakeEnv());
    expect(res.status).toBe(404);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(res.headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("Content-Security-Policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(res.headers.get("Strict-Transport-Security")).toBeNull();
  });

  it("adds HSTS in production only", async () => {
    const production = fakeEnv({
      APP_ENV: "production",
      EMAIL_API_KEY: "re_unit",
      LINK_SIGNING_SECRET: "unit-link-signing-secret-0123456789abcdef",
      WEBHOOK_SECRETS_KEY: btoa("u".repeat(32)),
    });
    const res = await app.request("/api/v1/nope", {}, production);
    expect(res.headers.get("Strict-Transport-Security")).toBe("max-age=31536000; includeSubDomains");
  });

  it("a 405 from the method guard carries them as well", async () => {
    const res = await app.request("/api/v1/doctors", { method: "DELETE" }, fakeEnv());
    expect(res.status).toBe(405);
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });
});

describe("CORS only for configured origins", () => {
  const env = () => fakeEnv({ CORS_ORIGINS: `${ALLOWED}, https://other.example.com` });

  it("answers a configured origin's preflight and marks its requests as allowed", async () => {
    const preflight = await app.request(
      "/api/v1/appointments",
      {
        method: "OPTIONS",
        headers: {
          Origin: ALLOWED,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
        },
      },
      env(),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("Access-Control-Allow-Origin")).toBe(ALLOWED);
    expect(preflight.headers.get("Access-Control-Allow-Headers")).toContain("Idempotency-Key");
    const res = await app.request("/api/v1/nope", { headers: { Origin: ALLOWED } }, env());
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe(ALLOWED);
    expect(res.headers.get("Access-Control-Expose-Headers")).toContain("X-Request-Id");
  });

  it("gives any other origin no CORS headers", async () => {
    const res = await app.request("/api/v1/nope", { headers: { Origin: "https://evil.example.net" } }, env());
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("with CORS_ORIGINS empty (the default) nobody gets CORS headers", async () => {
    const res = await app.request("/api/v1/nope", { headers: { Origin: ALLOWED } }, fakeEnv());
    expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
  });

  it("refuses a malformed origin in the configuration by name", () => {
    const loaded = loadConfig(fakeEnv({ CORS_ORIGINS: "https://ok.example.com,https://bad.example.com/path" }));
    expect(loaded.ok).toBe(false);
    if (!loaded.ok) expect(loaded.issues.map((i) => i.setting)).toContain("CORS_ORIGINS");
  });
});

describe("the web app's Content-Security-Policy", () => {
  it("allows no inline script and no framing; Razorpay Checkout's origins only as configured", () => {
    const none = webContentSecurityPolicy();
    expect(none).toContain("script-src 'self';");
    expect(none).toContain("frame-src 'none'");
    expect(none).toContain("frame-ancestors 'none'");
    expect(none).not.toContain("unsafe-inline");
    const withCheckout = webContentSecurityPolicy({
      script: "https://checkout.razorpay.com/v1/checkout.js",
      apiBase: "https://api.razorpay.com",
    });
    expect(withCheckout).toContain("script-src 'self' https://checkout.razorpay.com;");
    expect(withCheckout).toContain("frame-src https://checkout.razorpay.com https://api.razorpay.com;");
  });
});

describe("the web shell (requests outside the API that reach the Worker)", () => {
  const shellHtml = '<!doctype html><div id="root"></div>';
  const assets = {
    fetch: async (req: Request) =>
      new URL(req.url).pathname === "/"
        ? new Response(shellHtml, { headers: { "Content-Type": "text/html", ETag: '"v1"' } })
        : new Response("no such asset", { status: 404 }),
  };
  const env = (extra: Record<string, unknown> = {}) => fakeEnv({ ASSETS: assets, ...extra });

  it("answers a client-side route with the shell, revalidated on every use, under the web CSP", async () => {
    const res = await serveWeb(
      new Request("https://app.test/doctors/doc_x"),
      env({
        RAZORPAY_CHECKOUT_SCRIPT: "http://127.0.0.1:8790/v1/checkout.js",
        RAZORPAY_API_BASE: "http://127.0.0.1:8790",
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(shellHtml);
    expect(res.headers.get("Cache-Control")).toBe("no-cache");
    expect(res.headers.get("Content-Security-Policy")).toContain("script-src 'self' http://127.0.0.1:8790;");
    expect(res.headers.get("X-Content-Type-Options")).toBe("nosniff");
  });

  it.each(["/assets/index-OLDHASH.js", "/assets/gone.css", "/favicon.png", "/doctors/photo.jpg"])(
    "answers a missing file %s with 404, not the shell, and not cacheable",
    async (path) => {
      const res = await serveWeb(new Request(`https://app.test${path}`), env());
      expect(res.status).toBe(404);
      expect(res.headers.get("Cache-Control")).toBe("no-store");
      expect(res.headers.get("Content-Type")).toContain("text/plain");
      expect(await res.text()).not.toContain("root");
    },
  );

  it("leaves the API and the reminder links' pages (GET and POST) to the app, not the shell", () => {
    for (const path of ["/api/v1/doctors", "/.well-known/jwks.json", "/appointment-links/confirm"]) {
      expect(isWebPath(new Request(`https://app.test${path}`, { method: "POST" })), path).toBe(false);
    }
    expect(isWebPath(new Request("https://app.test/appointments/apt.x"))).toBe(true);
    expect(isWebPath(new Request("https://app.test/appointment-linksx"))).toBe(true);
  });

  it("refuses other methods than GET and HEAD", async () => {
    const res = await serveWeb(new Request("https://app.test/doctors", { method: "POST" }), env());
    expect(res.status).toBe(405);
    expect(res.headers.get("Allow")).toBe("GET, HEAD");
  });
});
