import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import type { AppointmentView, HistoryEntry } from "../../worker/kernel/domain/appointment.ts";
import { newWebhookSecret, signingSecrets } from "../../worker/kernel/webhooks/endpoint.ts";
import { webhookEventOf } from "../../worker/kernel/webhooks/events.ts";
import { planDeliveries } from "../../worker/kernel/webhooks/fan-out.ts";
import { outcomeOf, parseRetryAfter } from "../../worker/kernel/webhooks/response-outcome.ts";
import { signedHeaders } from "../../worker/kernel/webhooks/signing.ts";
import { bookedAppointment } from "../support/notifications.ts";

const clinicId = "cln_0123456789abcdefghij";
const start = "2026-06-10T08:00:00.000Z";
const later = "2026-06-11T08:00:00.000Z";

function clinicBooking(): AppointmentView {
  const a = bookedAppointment({ start, patientId: `${clinicId}:MRN-1` });
  return { ...a, clinicId };
}

function next(a: AppointmentView, e: Partial<HistoryEntry>, patch: Partial<AppointmentView> = {}): AppointmentView {
  const version = a.version + 1;
  const entry: HistoryEntry = {
    version,
    type: "change",
    fromStatus: a.status,
    toStatus: a.status,
    actor: { role: "clinic", id: clinicId },
    reason: null,
    fromStart: null,
    toStart: null,
    at: "2026-03-02T10:00:00.000Z",
    ...e,
  };
  return { ...a, ...patch, status: entry.toStatus, version, history: [...a.history, entry] };
}

describe("which webhook event an appointment change is", () => {
  it("a clinic booking is appointment.booked with the clinic's own patient reference", () => {
    const event = webhookEventOf(clinicBooking());
    expect(event?.payload.type).toBe("appointment.booked");
    expect(event?.messageId).toBe("msg_apt.doc_test.abcdefghijklmnop_v1");
    expect(event?.payload.data).toMatchObject({ version: 1, appointment: { patientRef: "MRN-1", clinicId } });
    // Never the platform's patient id (it would link the clinic's patient across systems).
    expect(JSON.stringify(event?.payload)).not.toContain(`${clinicId}:MRN-1`);
  });

  it.each([
    ["doctor", "doctor"],
    ["patient", "patient"],
    ["clinic", "clinic"],
    ["admin", "admin"],
    ["system", "admin"],
  ] as const)("a reschedule asked for by a %s says requestedBy %s", (role, requestedBy) => {
    const moved = next(
      clinicBooking(),
      { actor: { role, id: "x" }, fromStart: start, toStart: later },
      { start: later },
    );
    const event = webhookEventOf(moved);
    expect(event?.payload.type).toBe("appointment.rescheduled");
    expect(event?.payload.data).toMatchObject({ requestedBy, previousStart: start });
  });

  it.each([
    ["cancelled", "appointment.cancelled"],
    ["completed", "appointment.completed"],
    ["no_show", "appointment.no_show"],
  ] as const)("status %s is %s", (toStatus, type) => {
    expect(webhookEventOf(next(clinicBooking(), { toStatus }))?.payload.type).toBe(type);
  });

  it("a paid booking is booked when the payment arrives, not when held; expiry sends nothing", () => {
    const held: AppointmentView = {
      ...clinicBooking(),
      status: "held",
      history: [{ ...clinicBooking().history[0], toStatus: "held" } as HistoryEntry],
    };
    expect(webhookEventOf(held)).toBeNull();
    expect(webhookEventOf(next(held, { fromStatus: "held", toStatus: "booked" }))?.payload.type).toBe(
      "appointment.booked",
    );
    expect(webhookEventOf(next(held, { fromStatus: "held", toStatus: "expired" }))).toBeNull();
  });

  it("an appointment not booked through a clinic sends no webhook", () => {
    expect(webhookEventOf(bookedAppointment({ start }))).toBeNull();
  });

  it("addresses each event to the booking clinic's endpoints subscribed to it, and only those", () => {
    const endpoints = [
      { id: "whe_a", clinicId, events: ["appointment.booked"] },
      { id: "whe_b", clinicId, events: ["appointment.cancelled"] },
      { id: "whe_c", clinicId: "cln_other00000000000000", events: ["appointment.booked"] },
    ];
    const planned = planDeliveries([clinicBooking()], endpoints, new Date(start));
    expect(planned.map((m) => m.endpointId)).toEqual(["whe_a"]);
  });
});

describe("signing (Standard Webhooks)", () => {
  const body = JSON.stringify({ type: "webhook.test", timestamp: start, data: {} });
  const secret = newWebhookSecret(crypto.getRandomValues(new Uint8Array(32)));
  const other = newWebhookSecret(crypto.getRandomValues(new Uint8Array(32)));

  it("verifies with the standardwebhooks library", () => {
    const headers = signedHeaders("msg_1", body, [secret], new Date());
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(other).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify(`${body} `, headers)).toThrow();
  });

  it("during a rotation both signatures are sent and either secret verifies", () => {
    const headers = signedHeaders("msg_2", body, [other, secret], new Date());
    expect(headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(new Webhook(secret).verify(body, headers)).toBeTruthy();
    expect(new Webhook(other).verify(body, headers)).toBeTruthy();
  });

  it("a rotated-out secret signs until its overlap ends", () => {
    const now = new Date(start);
    const secrets = [
      { secret: other, createdAt: now, expiresAt: null },
      { secret, createdAt: now, expiresAt: new Date(now.getTime() + 1000) },
    ];
    expect(signingSecrets({ secrets }, now)).toEqual([other, secret]);
    expect(signingSecrets({ secrets }, new Date(now.getTime() + 1000))).toEqual([other]);
  });
});

describe("what a receiver's answer means", () => {
  const now = new Date("2026-11-30T10:00:00.000Z");
  it("2xx delivered, 410 gone, the rest retried with Retry-After only on 429/503", () => {
    expect(outcomeOf(204, null, now)).toEqual({ kind: "delivered" });
    expect(outcomeOf(410, null, now)).toEqual({ kind: "gone" });
    expect(outcomeOf(429, "120", now)).toEqual({ kind: "retry", retryAfterSeconds: 120 });
    expect(outcomeOf(503, "Mon, 30 Nov 2026 10:05:00 GMT", now)).toEqual({ kind: "retry", retryAfterSeconds: 300 });
    expect(outcomeOf(500, "120", now)).toEqual({ kind: "retry", retryAfterSeconds: null });
    expect(outcomeOf(null, null, now)).toEqual({ kind: "retry", retryAfterSeconds: null });
    expect(outcomeOf(301, null, now)).toEqual({ kind: "retry", retryAfterSeconds: null });
    expect(parseRetryAfter("soon", now)).toBeNull();
  });
});
