import type { Collection } from "mongodb";
import { Webhook } from "standardwebhooks";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type {
  WebhookDeliveryView,
  WebhookEndpointRecord,
  WebhookEndpointView,
} from "../../worker/kernel/webhooks/endpoint.ts";
import { attachDoctor, createClinic } from "../support/clinics.ts";
import { eventually, withMongo } from "../support/mongo.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { slotStart } from "../support/schedules.ts";
import { type Received, startReceiver } from "../support/webhook-receiver.ts";

// A short retry window (6 s, delays of at most 1 s) so exhaustion is reached within a test.
const worker = ownWorker("clinic-webhooks", {
  WEBHOOK_RETRY_BASE_SECONDS: "1",
  WEBHOOK_RETRY_MAX_DELAY_SECONDS: "1",
  WEBHOOK_RETRY_WINDOW_SECONDS: "6",
});
const call = worker.call;
type Envelope = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };
type Created = { endpoint: WebhookEndpointView; secret: string };

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let admin: string;
let clinicA: string;
let keyA: string;
let keyB: string;
let keyNoHooks: string;
let doctorId: string;

async function issue(clinicId: string, scopes: string[]): Promise<string> {
  const res = await call<{ key: string }>("POST", `/api/v1/admin/clinics/${clinicId}/api-keys`, {
    token: admin,
    body: { name: "hooks", scopes },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.key;
}

async function register(path: string, events: string[] = ["appointment.booked"], key = keyA): Promise<Created> {
  const res = await call<Created>("POST", "/api/v1/clinic/webhooks", {
    token: key,
    body: { url: receiver.url(path), events },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function sendTest(endpointId: string): Promise<string> {
  const res = await call<{ deliveryId: string }>("POST", `/api/v1/clinic/webhooks/${endpointId}/test`, {
    token: keyA,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  return res.body.deliveryId;
}

async function delivery(endpointId: string, id: string, until: (d: WebhookDeliveryView) => boolean) {
  return eventually(
    async () => {
      const res = await call<{ deliveries: WebhookDeliveryView[] }>(
        "GET",
        `/api/v1/clinic/webhooks/${endpointId}/deliveries`,
        { token: keyA },
      );
      const found = res.body.deliveries.find((d) => d.id === id);
      return found && until(found) ? found : null;
    },
    { what: `delivery ${id}`, timeoutMs: 30_000 },
  );
}

const received = (path: string, n: number) =>
  eventually(async () => (receiver.at(path).length >= n ? receiver.at(path) : null), {
    what: `${n} requests on ${path}`,
    timeoutMs: 30_000,
  });

/** What a receiver does: verify with the standardwebhooks library, then trust the JSON. */
const verify = (secret: string, r: Received) =>
  new Webhook(secret).verify(r.body, r.headers) as Record<string, unknown>;

beforeAll(async () => {
  receiver = await startReceiver();
  admin = await worker.token("admin", "admin");
  clinicA = (await createClinic(call, admin)).id;
  const clinicB = (await createClinic(call, admin)).id;
  doctorId = (await onboard(call, admin, { schedule: allDaySchedule() })).doctor.id;
  await attachDoctor(call, admin, clinicA, doctorId);
  keyA = await issue(clinicA, ["availability:read", "appointments:write", "appointments:manage", "webhooks:manage"]);
  keyB = await issue(clinicB, ["webhooks:manage"]);
  keyNoHooks = await issue(clinicA, ["availability:read", "appointments:write", "appointments:manage"]);
});

afterAll(async () => {
  await receiver?.close();
});

describe("clinic webhooks: deliveries", () => {
  it("sends signed appointment events (booked, rescheduled with requestedBy, cancelled) that verify", async () => {
    const { endpoint, secret } = await register("/events", [
      "appointment.booked",
      "appointment.rescheduled",
      "appointment.cancelled",
    ]);
    const booked = await call<{ appointment: AppointmentView }>("POST", "/api/v1/clinic/appointments", {
      token: keyA,
      body: { doctorId, start: slotStart(30), patientRef: "MRN-77" },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.appointment.id;
    const [first] = await received("/events", 1);
    const event = verify(secret, first as Received);
    expect(first?.headers["webhook-id"]).toBe(`msg_${id}_v1`);
    expect(Math.abs(Number(first?.headers["webhook-timestamp"]) - Date.now() / 1000)).toBeLessThan(60);
    expect(event).toMatchObject({
      type: "appointment.booked",
      data: { version: 1, appointment: { id, doctorId, clinicId: clinicA, patientRef: "MRN-77", status: "booked" } },
    });

    const moved = await call("POST", `/api/v1/appointments/${id}/reschedule`, {
      token: keyA,
      body: { start: slotStart(31) },
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const rescheduled = verify(secret, (await received("/events", 2))[1] as Received);
    expect(rescheduled).toMatchObject({ type: "appointment.rescheduled", data: { requestedBy: "clinic" } });

    expect((await call("POST", `/api/v1/appointments/${id}/cancel`, { token: keyA })).status).toBe(200);
    const cancelled = verify(secret, (await received("/events", 3))[2] as Received);
    expect(cancelled).toMatchObject({ type: "appointment.cancelled", data: { requestedBy: "clinic" } });

    const log = await delivery(endpoint.id, `msg_${id}_v1~${endpoint.id}`, (d) => d.status === "succeeded");
    expect(log).toMatchObject({ attemptCount: 1, lastStatusCode: 200, type: "appointment.booked" });
    expect(log.attempts[0]?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("retries a failing receiver with the same webhook-id until it recovers", async () => {
    const { endpoint, secret } = await register("/flaky");
    receiver.script("/flaky", [{ status: 500 }, { status: 502 }, { status: 200 }]);
    const id = await sendTest(endpoint.id);
    const done = await delivery(endpoint.id, id, (d) => d.status === "succeeded");
    expect(done.attempts.map((a) => a.statusCode)).toEqual([500, 502, 200]);
    const requests = receiver.at("/flaky");
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers["webhook-id"])).size).toBe(1);
    for (const r of requests) expect(verify(secret, r)).toMatchObject({ type: "webhook.test" });
  });

  it("honours 429 Retry-After before the next attempt", async () => {
    const { endpoint } = await register("/busy");
    receiver.script("/busy", [{ status: 429, headers: { "Retry-After": "3" } }, { status: 200 }]);
    const id = await sendTest(endpoint.id);
    await delivery(endpoint.id, id, (d) => d.status === "succeeded");
    const [a, b] = receiver.at("/busy");
    expect((b?.at ?? 0) - (a?.at ?? 0)).toBeGreaterThanOrEqual(2_900);
  });

  it("410 Gone disables the endpoint; later events are not sent", async () => {
    const { endpoint } = await register("/gone");
    receiver.script("/gone", [{ status: 410 }]);
    const id = await sendTest(endpoint.id);
    await delivery(endpoint.id, id, (d) => d.status === "endpoint_gone");
    const after = await call<{ endpoint: WebhookEndpointView }>("GET", `/api/v1/clinic/webhooks/${endpoint.id}`, {
      token: keyA,
    });
    expect(after.body.endpoint).toMatchObject({ enabled: false, disabledReason: "gone" });
    const second = await sendTest(endpoint.id);
    await delivery(endpoint.id, second, (d) => d.status === "endpoint_disabled");
    expect(receiver.at("/gone")).toHaveLength(1);
  });

  it("after a rotation both signatures are sent and both secrets verify; without overlap only the new one", async () => {
    const { endpoint, secret: old } = await register("/rotate");
    const rotated = await call<Created>("POST", `/api/v1/clinic/webhooks/${endpoint.id}/rotate-secret`, {
      token: keyA,
      body: { overlapSeconds: 3600 },
    });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(rotated.body.endpoint.previousSecretExpiresAt).not.toBeNull();
    await sendTest(endpoint.id);
    const [r] = await received("/rotate", 1);
    expect(r?.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(verify(old, r as Received)).toBeTruthy();
    expect(verify(rotated.body.secret, r as Received)).toBeTruthy();

    const again = await call<Created>("POST", `/api/v1/clinic/webhooks/${endpoint.id}/rotate-secret`, {
      token: keyA,
      body: { overlapSeconds: 0 },
    });
    await sendTest(endpoint.id);
    const [, r2] = await received("/rotate", 2);
    expect(r2?.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(verify(again.body.secret, r2 as Received)).toBeTruthy();
    expect(() => verify(rotated.body.secret, r2 as Received)).toThrow();
  });

  it("stores signing secrets encrypted (no clear secret in MongoDB) and still signs with a row stored in clear", async () => {
    const { endpoint, secret } = await register("/sealed");
    const rotated = await call<Created>("POST", `/api/v1/clinic/webhooks/${endpoint.id}/rotate-secret`, {
      token: keyA,
      body: { overlapSeconds: 3600 },
    });
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    const endpoints = <T>(fn: (c: Collection<WebhookEndpointRecord>) => Promise<T>) =>
      withMongo(inject("mongoUri"), worker.dbName, (db) =>
        fn(db.collection<WebhookEndpointRecord>("webhook_endpoints")),
      );
    const stored = await endpoints((c) => c.findOne({ _id: endpoint.id }));
    const text = JSON.stringify(stored);
    expect(stored?.secrets).toHaveLength(2);
    expect(text).not.toContain("whsec_");
    for (const clear of [secret, rotated.body.secret]) expect(text).not.toContain(clear.slice("whsec_".length));
    for (const s of stored?.secrets ?? []) expect(s.secret).toMatch(/^v1\.[0-9a-f]{8}\./);
    // Both sealed secrets open when signing: the receiver verifies with either.
    await sendTest(endpoint.id);
    const [r] = await received("/sealed", 1);
    expect(verify(secret, r as Received)).toBeTruthy();
    expect(verify(rotated.body.secret, r as Received)).toBeTruthy();

    // A row from before encryption (its secret in clear) keeps signing after the deploy.
    const legacy = `whsec_${btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32))))}`;
    await endpoints((c) =>
      c.updateOne(
        { _id: endpoint.id },
        { $set: { secrets: [{ secret: legacy, createdAt: new Date(), expiresAt: null }] } },
      ),
    );
    await sendTest(endpoint.id);
    const [, r2] = await received("/sealed", 2);
    expect(verify(legacy, r2 as Received)).toBeTruthy();
  });

  it("dead-letters a delivery when the retry window closes; an admin re-drive or a replay then delivers it", async () => {
    const { endpoint, secret } = await register("/down");
    receiver.script("/down", [{ status: 500 }]);
    const id = await sendTest(endpoint.id);
    const failed = await delivery(endpoint.id, id, (d) => d.status === "failed");
    expect(failed.attemptCount).toBeGreaterThanOrEqual(3);
    const messageId = failed.messageId;
    const letter = await withMongo(inject("mongoUri"), worker.dbName, (db) =>
      eventually(
        () =>
          db
            .collection<{ _id: string }>("dead_letters")
            .findOne({ queue: "prescripto-webhooks", "body.messageId": messageId } as never),
        { what: "the dead letter", timeoutMs: 30_000 },
      ),
    );
    const sentBefore = receiver.at("/down").length;

    // The receiver is back: the operator re-drives the letter with a fresh retry window.
    receiver.script("/down", [{ status: 200 }]);
    const redrive = await call<{ redriven: number }>("POST", "/api/v1/admin/dead-letters/redrive", {
      token: admin,
      body: { queue: "prescripto-webhooks", ids: [letter._id] },
    });
    expect(redrive.status, JSON.stringify(redrive.body)).toBe(200);
    expect(redrive.body.redriven).toBe(1);
    await delivery(endpoint.id, id, (d) => d.status === "succeeded");
    expect(receiver.at("/down")).toHaveLength(sentBefore + 1);

    // The clinic replays it: sent again (same webhook-id) although it already succeeded.
    const replayed = await call<{ deliveryId: string }>(
      "POST",
      `/api/v1/clinic/webhooks/${endpoint.id}/deliveries/${encodeURIComponent(id)}/replay`,
      { token: keyA },
    );
    expect(replayed.status, JSON.stringify(replayed.body)).toBe(202);
    const requests = await received("/down", sentBefore + 2);
    const last = requests.at(-1) as Received;
    expect(last.headers["webhook-id"]).toBe(messageId);
    expect(verify(secret, last)).toMatchObject({ type: "webhook.test" });
  });
});

describe("clinic webhooks: management and access", () => {
  it("lists, reads, updates and deletes the clinic's own endpoints", async () => {
    const { endpoint } = await register("/crud");
    const list = await call<{ endpoints: WebhookEndpointView[] }>("GET", "/api/v1/clinic/webhooks", { token: keyA });
    expect(list.body.endpoints.map((e) => e.id)).toContain(endpoint.id);
    const patched = await call<{ endpoint: WebhookEndpointView }>("PATCH", `/api/v1/clinic/webhooks/${endpoint.id}`, {
      token: keyA,
      body: { events: ["appointment.completed", "appointment.no_show"], enabled: false },
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.endpoint).toMatchObject({
      events: ["appointment.completed", "appointment.no_show"],
      enabled: false,
      disabledReason: "manual",
    });
    expect((await call("DELETE", `/api/v1/clinic/webhooks/${endpoint.id}`, { token: keyA })).status).toBe(204);
    expect((await call("GET", `/api/v1/clinic/webhooks/${endpoint.id}`, { token: keyA })).status).toBe(404);
  });

  it("another clinic can neither see, edit, test, replay nor delete an endpoint (404)", async () => {
    const { endpoint } = await register("/private");
    const id = await sendTest(endpoint.id);
    await delivery(endpoint.id, id, (d) => d.status === "succeeded");
    const base = `/api/v1/clinic/webhooks/${endpoint.id}`;
    const list = await call<{ endpoints: WebhookEndpointView[] }>("GET", "/api/v1/clinic/webhooks", { token: keyB });
    expect(list.body.endpoints.map((e) => e.id)).not.toContain(endpoint.id);
    for (const [method, path, body] of [
      ["GET", base, undefined],
      ["PATCH", base, { enabled: false }],
      ["POST", `${base}/rotate-secret`, {}],
      ["POST", `${base}/test`, undefined],
      ["GET", `${base}/deliveries`, undefined],
      ["POST", `${base}/deliveries/${encodeURIComponent(id)}/replay`, undefined],
      ["DELETE", base, undefined],
    ] as const) {
      const res = await call<Envelope>(method, path, { token: keyB, body });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.code).toBe("NOT_FOUND");
    }
    const still = await call<{ endpoint: WebhookEndpointView }>("GET", base, { token: keyA });
    expect(still.body.endpoint.enabled).toBe(true);
  });

  it("a key without the webhooks scope is refused with 403 naming webhooks:manage", async () => {
    for (const [method, path, body] of [
      ["GET", "/api/v1/clinic/webhooks", undefined],
      ["POST", "/api/v1/clinic/webhooks", { url: receiver.url("/x"), events: ["appointment.booked"] }],
    ] as const) {
      const res = await call<Envelope>(method, path, { token: keyNoHooks, body });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe("INSUFFICIENT_SCOPE");
      expect(res.body.error.message).toContain("webhooks:manage");
    }
  });

  it("refuses URLs that are not public HTTPS with 400 VALIDATION_FAILED on the url field", async () => {
    for (const url of ["http://example.com/hook", "https://192.168.1.20/hook", "https://[fd00::1]/x", "nope"]) {
      const res = await call<Envelope>("POST", "/api/v1/clinic/webhooks", {
        token: keyA,
        body: { url, events: ["appointment.booked"] },
      });
      expect(res.status, url).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.fields?.map((f) => f.path)).toEqual(["url"]);
    }
    const { endpoint } = await register("/patch-url");
    const patched = await call<Envelope>("PATCH", `/api/v1/clinic/webhooks/${endpoint.id}`, {
      token: keyA,
      body: { url: "https://10.0.0.1/x" },
    });
    expect(patched.status).toBe(400);
    expect(patched.body.error.fields?.map((f) => f.path)).toEqual(["url"]);
    const unknownEvent = await call<Envelope>("POST", "/api/v1/clinic/webhooks", {
      token: keyA,
      body: { url: receiver.url("/y"), events: ["appointment.exploded"] },
    });
    expect(unknownEvent.status).toBe(400);
  });
});
