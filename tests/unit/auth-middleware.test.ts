import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { adminAccountsSecret } from "../../scripts/auth-keys.ts";
import { requireRole } from "../../worker/http/middleware/auth.ts";
import { requestContext } from "../../worker/http/middleware/context.ts";
import type { AppEnv } from "../../worker/http/types.ts";
import { signAccessToken } from "../../worker/kernel/auth/access-token.ts";
import { adminIdOf } from "../../worker/kernel/auth/admins.ts";
import { PBKDF2_MIN_ITERATIONS } from "../../worker/kernel/auth/passwords.ts";
import { forgetSession } from "../../worker/kernel/auth/session-check.ts";
import { AppError } from "../../worker/kernel/lib/errors.ts";
import { fakeEnv } from "../support/fake-env.ts";
import { TEST_AUDIENCE, TEST_ISSUER, testKeyRing } from "../support/test-keys.ts";

/** A fake ACCOUNT_SESSIONS namespace: sessions listed in `revoked` are refused; calls are counted. */
function fakeSessions() {
  const revoked = new Set<string>();
  const calls: string[] = [];
  return {
    revoked,
    calls,
    binding: {
      idFromName: (name: string) => name,
      get: (account: string) => ({
        check: async (sid: string) => {
          calls.push(`${account}|${sid}`);
          return { active: !revoked.has(`${account}|${sid}`) };
        },
      }),
    },
  };
}

function appFor() {
  const app = new Hono<AppEnv>();
  app.use("*", async (c, next) => {
    c.set("requestId", "test");
    await next();
  });
  app.use("*", requestContext());
  app.get("/patient", requireRole("patient"), (c) => c.json(c.get("caller")));
  app.get("/admin", requireRole("admin"), (c) => c.json(c.get("caller")));
  app.onError((err, c) =>
    err instanceof AppError ? c.json({ code: err.code }, err.status, err.headers) : c.json({ code: "INTERNAL" }, 500),
  );
  return app;
}

const sign = async (sub: string, role: "patient" | "admin", sid: string) =>
  (
    await signAccessToken(
      await testKeyRing(),
      { sub, role, sid },
      { issuer: TEST_ISSUER, audience: TEST_AUDIENCE, ttlSeconds: 900 },
    )
  ).token;

describe("requireRole", () => {
  const app = appFor();

  it("401 without a bearer token, with a challenge", async () => {
    const sessions = fakeSessions();
    const env = fakeEnv({ ACCOUNT_SESSIONS: sessions.binding });
    for (const headers of [
      {},
      { Authorization: "Basic abc" },
      { Authorization: "Bearer " },
      { Authorization: "Bearer a b" },
    ]) {
      const res = await app.request("/patient", { headers: headers as Record<string, string> }, env);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain("Bearer");
    }
    expect(sessions.calls).toEqual([]);
  });

  it("sets the caller from a valid token of an active session, and 403s the wrong role", async () => {
    const sessions = fakeSessions();
    const env = fakeEnv({ ACCOUNT_SESSIONS: sessions.binding });
    const token = await sign("usr_a", "patient", "sid-aaaaaaaa");
    const ok = await app.request("/patient", { headers: { Authorization: `Bearer ${token}` } }, env);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ role: "patient", id: "usr_a", sessionId: "sid-aaaaaaaa" });
    const wrong = await app.request("/admin", { headers: { Authorization: `Bearer ${token}` } }, env);
    expect(wrong.status).toBe(403);
  });

  it("401s a revoked session, and asks again once this isolate forgets it", async () => {
    const sessions = fakeSessions();
    const env = fakeEnv({ ACCOUNT_SESSIONS: sessions.binding });
    const token = await sign("usr_b", "patient", "sid-bbbbbbbb");
    const call = () => app.request("/patient", { headers: { Authorization: `Bearer ${token}` } }, env);
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    // The active answer is cached for SESSION_CHECK_CACHE_SECONDS: one check for two requests.
    expect(sessions.calls).toEqual(["usr_b|sid-bbbbbbbb"]);
    sessions.revoked.add("usr_b|sid-bbbbbbbb");
    forgetSession("usr_b", "sid-bbbbbbbb"); // what logout does in the isolate that revoked it
    expect((await call()).status).toBe(401);
    expect((await call()).status).toBe(401);
    expect(sessions.calls.length).toBe(3); // refusals are never cached
  });

  it("401s an admin token whose admin is no longer in ADMIN_ACCOUNTS", async () => {
    const sessions = fakeSessions();
    const accounts = await adminAccountsSecret(
      [{ email: "ops@example.test", name: "Ops", password: "ops-password-123" }],
      PBKDF2_MIN_ITERATIONS,
    );
    const configured = await sign(await adminIdOf("ops@example.test"), "admin", "sid-cccccccc");
    const removed = await sign(await adminIdOf("former@example.test"), "admin", "sid-dddddddd");
    const env = fakeEnv({ ACCOUNT_SESSIONS: sessions.binding, ADMIN_ACCOUNTS: accounts });
    expect((await app.request("/admin", { headers: { Authorization: `Bearer ${configured}` } }, env)).status).toBe(200);
    expect((await app.request("/admin", { headers: { Authorization: `Bearer ${removed}` } }, env)).status).toBe(401);
  });
});
