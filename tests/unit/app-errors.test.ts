import { createRoute, z } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import { jsonBody } from "../../worker/http/openapi/content.ts";
import { fakeEnv, fakeExecutionContext, fakeGateway } from "../support/fake-env.ts";
import { startSentryStandIn } from "../support/sentry-standin.ts";

function appWithEchoRoute() {
  const app = createApp();
  // Declared like every route (createRoute), so validation runs through the app's one hook.
  const echo = createRoute({
    method: "post",
    path: "/api/test/echo",
    request: { body: jsonBody(z.object({ name: z.string().min(1) })) },
    responses: { 200: { description: "echo" } },
  });
  app.openapi(echo, (c) => c.json(c.req.valid("json")));
  return app;
}

async function errorOf(res: Response) {
  const body = (await res.json()) as { error: { code: string; message: string; requestId: string; fields?: unknown } };
  expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  return body.error;
}

describe("the one error envelope", () => {
  const app = appWithEchoRoute();
  const env = fakeEnv();

  it("returns 404 NOT_FOUND with a request id for an unknown route", async () => {
    const res = await app.request("/api/unknown", {}, env);
    expect(res.status).toBe(404);
    expect((await errorOf(res)).code).toBe("NOT_FOUND");
  });

  it("returns 405 with Allow for a known path and the wrong method", async () => {
    const res = await app.request("/api/test/echo", { method: "GET" }, env);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect((await errorOf(res)).code).toBe("METHOD_NOT_ALLOWED");
  });

  it("returns 400 MALFORMED_JSON for a body that is not JSON", async () => {
    const res = await app.request(
      "/api/test/echo",
      { method: "POST", body: "{not json", headers: { "content-type": "application/json" } },
      env,
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe("MALFORMED_JSON");
  });

  it("returns 400 VALIDATION_FAILED with field errors for a body of the wrong shape", async () => {
    const res = await app.request(
      "/api/test/echo",
      { method: "POST", body: JSON.stringify({ name: 42 }), headers: { "content-type": "application/json" } },
      env,
    );
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fields).toEqual([{ path: "name", message: expect.any(String) }]);
  });

  it("returns 413 PAYLOAD_TOO_LARGE for a body over MAX_BODY_BYTES", async () => {
    const res = await app.request(
      "/api/test/echo",
      {
        method: "POST",
        body: JSON.stringify({ name: "x".repeat(4096) }),
        headers: { "content-type": "application/json" },
      },
      env,
    );
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("accepts a valid body", async () => {
    const res = await app.request(
      "/api/test/echo",
      { method: "POST", body: JSON.stringify({ name: "ok" }), headers: { "content-type": "application/json" } },
      env,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ name: "ok" });
  });

  it("returns 503 CONFIG_INVALID naming the missing setting", async () => {
    const res = await app.request("/api/v1/doctors", {}, fakeEnv({ UPSTASH_REDIS_REST_TOKEN: undefined }));
    expect(res.status).toBe(503);
    const error = await errorOf(res);
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("UPSTASH_REDIS_REST_TOKEN");
  });
});

describe("unexpected errors", () => {
  let sentry: Awaited<ReturnType<typeof startSentryStandIn>>;
  beforeAll(async () => {
    sentry = await startSentryStandIn();
  });
  afterAll(async () => {
    await sentry.close();
  });

  const failingGateway = fakeGateway({
    listDoctors: async () => {
      throw new TypeError("cannot read x of undefined at /srv/internal.ts for patient jane.doe@example.com");
    },
  });

  it("returns 500 INTERNAL without internals", async () => {
    const res = await createApp().request("/api/v1/doctors", {}, fakeEnv({ MONGO_GATEWAY: failingGateway }));
    expect(res.status).toBe(500);
    const error = await errorOf(res);
    expect(error.code).toBe("INTERNAL");
    expect(error.message).not.toMatch(/undefined|internal\.ts|example\.com/);
  });

  it("reports to Sentry through toucan-js with credentials, cookies, query and body scrubbed", async () => {
    const ctx = fakeExecutionContext();
    const res = await createApp().request(
      "/api/v1/doctors?speciality=Cardiologist&email=jane.doe@example.com",
      {
        headers: {
          Authorization: "Bearer secret-token",
          Cookie: "session=abc",
          "User-Agent": "unit-test",
          "X-Request-Id": "req-sentry-1",
        },
      },
      fakeEnv({ MONGO_GATEWAY: failingGateway, SENTRY_DSN: sentry.dsn }),
      ctx,
    );
    expect(res.status).toBe(500);
    await ctx.settle();
    const [envelope] = await sentry.waitFor(1);
    expect(envelope?.path).toMatch(/^\/api\/42\/envelope\/\?sentry_key=publickey123/);
    const event = envelope?.items.find((i) => i.header.type === "event")?.payload as Record<string, unknown>;
    expect(event).toBeTruthy();
    expect((event.tags as Record<string, string>).request_id).toBe("req-sentry-1");
    const raw = envelope?.raw ?? "";
    expect(raw).not.toContain("secret-token");
    expect(raw).not.toContain("session=abc");
    expect(raw).not.toContain("jane.doe@example.com");
    expect(raw).not.toContain("speciality=Cardiologist");
    const request = event.request as { headers: Record<string, string>; data?: unknown; cookies?: unknown };
    expect(Object.keys(request.headers).map((h) => h.toLowerCase())).not.toContain("authorization");
    expect(request.data).toBeUndefined();
    expect(request.cookies).toBeUndefined();
  });

  /** The request ids of the events the stand-in received after the first `from` envelopes. */
  const reportedIds = (from: number) =>
    sentry.envelopes.slice(from).map((e) => {
      const event = e.items.find((i) => i.header.type === "event")?.payload as { tags?: Record<string, string> };
      return event?.tags?.request_id;
    });

  it("sends nothing anywhere when no DSN is configured, while the same failure with a DSN is reported", async () => {
    const before = sentry.envelopes.length;
    const sent = vi.spyOn(globalThis, "fetch");
    try {
      const off = fakeExecutionContext();
      const offRes = await createApp().request(
        "/api/v1/doctors",
        { headers: { "X-Request-Id": "req-no-dsn" } },
        fakeEnv({ MONGO_GATEWAY: failingGateway }),
        off,
      );
      expect(offRes.status).toBe(500);
      await off.settle();
      const on = fakeExecutionContext();
      await createApp().request(
        "/api/v1/doctors",
        { headers: { "X-Request-Id": "req-with-dsn" } },
        fakeEnv({ MONGO_GATEWAY: failingGateway, SENTRY_DSN: sentry.dsn }),
        on,
      );
      await on.settle();
      await sentry.waitFor(before + 1);
      const envelopeCalls = sent.mock.calls.filter(([input]) =>
        String(input instanceof Request ? input.url : input).includes("/envelope/"),
      );
      // The control reached the stand-in through fetch, so a report without a DSN would have shown here.
      expect(envelopeCalls).toHaveLength(1);
    } finally {
      sent.mockRestore();
    }
    expect(reportedIds(before)).toEqual(["req-with-dsn"]);
  });

  it("does not report 4xx errors to Sentry (only the 5xx sent after it arrives)", async () => {
    const before = sentry.envelopes.length;
    // A thrown 4xx (validation), so it goes through the error handler that decides what to report.
    const refused = fakeExecutionContext();
    const res = await createApp().request(
      `/api/v1/doctors?speciality=${"x".repeat(61)}`,
      { headers: { "X-Request-Id": "req-400" } },
      fakeEnv({ SENTRY_DSN: sentry.dsn }),
      refused,
    );
    expect(res.status).toBe(400);
    await refused.settle();
    const failing = fakeExecutionContext();
    await createApp().request(
      "/api/v1/doctors",
      { headers: { "X-Request-Id": "req-500" } },
      fakeEnv({ MONGO_GATEWAY: failingGateway, SENTRY_DSN: sentry.dsn }),
      failing,
    );
    await failing.settle();
    await sentry.waitFor(before + 1);
    expect(reportedIds(before)).toEqual(["req-500"]);
  });
});
