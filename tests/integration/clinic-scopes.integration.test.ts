import { beforeAll, describe, expect, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { ApiKeyView } from "../../worker/kernel/domain/clinic.ts";
import { token } from "../support/api.ts";
import { attachDoctor, createClinic } from "../support/clinics.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { slotStart } from "../support/schedules.ts";

const worker = ownWorker("clinic-scopes");
const call = worker.call;
type Envelope = { error: { code: string; message: string; fields?: { path: string; message: string }[] } };

let admin: string;
let clinicId: string;
let doctorId: string;

async function keyWith(scopes?: string[]): Promise<{ key: string; apiKey: ApiKeyView }> {
  const res = await call<{ key: string; apiKey: ApiKeyView }>("POST", `/api/v1/admin/clinics/${clinicId}/api-keys`, {
    token: admin,
    body: scopes ? { name: "scoped", scopes } : { name: "default scopes" },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

function expectScopeRefused(res: { status: number; body: unknown }, scope: string) {
  expect(res.status).toBe(403);
  const { error } = res.body as Envelope;
  expect(error.code).toBe("INSUFFICIENT_SCOPE");
  expect(error.message).toContain(scope);
  expect(error.fields).toEqual([{ path: "scope", message: scope }]);
}

beforeAll(async () => {
  admin = await token("admin", "admin");
  clinicId = (await createClinic(call, admin)).id;
  doctorId = (await onboard(call, admin, { schedule: allDaySchedule() })).doctor.id;
  await attachDoctor(call, admin, clinicId, doctorId);
});

describe("API-key scopes", () => {
  it("a key issued without a choice has the defaults: read, book, cancel/reschedule (not webhooks)", async () => {
    const { apiKey } = await keyWith();
    expect(apiKey.scopes).toEqual(["availability:read", "appointments:write", "appointments:manage"]);
  });

  it("refuses unknown, repeated or empty scopes with 400", async () => {
    for (const scopes of [["everything"], ["availability:read", "availability:read"], []]) {
      const res = await call<Envelope>("POST", `/api/v1/admin/clinics/${clinicId}/api-keys`, {
        token: admin,
        body: { name: "bad", scopes },
      });
      expect(res.status, JSON.stringify(scopes)).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
    }
  });

  it("a read-only key reads availability but booking is 403 INSUFFICIENT_SCOPE naming appointments:write", async () => {
    const { key, apiKey } = await keyWith(["availability:read"]);
    expect(apiKey.scopes).toEqual(["availability:read"]);
    expect((await call("GET", "/api/v1/clinic/doctors", { token: key })).status).toBe(200);
    const booked = await call("POST", "/api/v1/clinic/appointments", {
      token: key,
      body: { doctorId, start: slotStart(9), patientRef: "MRN-S1" },
    });
    expectScopeRefused(booked, "appointments:write");
  });

  it("a booking key books but cannot read availability or cancel; a manage key cancels", async () => {
    const writer = (await keyWith(["appointments:write"])).key;
    const manager = (await keyWith(["appointments:manage"])).key;
    expectScopeRefused(await call("GET", "/api/v1/clinic/doctors", { token: writer }), "availability:read");
    expectScopeRefused(
      await call("GET", `/api/v1/clinic/doctors/${doctorId}/slots?from=${slotStart(9)}&to=${slotStart(10)}`, {
        token: writer,
      }),
      "availability:read",
    );
    const booked = await call<{ appointment: AppointmentView }>("POST", "/api/v1/clinic/appointments", {
      token: writer,
      body: { doctorId, start: slotStart(9, 1), patientRef: "MRN-S2" },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const id = booked.body.appointment.id;
    expectScopeRefused(
      await call("POST", `/api/v1/appointments/${id}/cancel`, { token: writer }),
      "appointments:manage",
    );
    expectScopeRefused(
      await call("POST", "/api/v1/clinic/appointments", {
        token: manager,
        body: { doctorId, start: slotStart(9, 2), patientRef: "MRN-S3" },
      }),
      "appointments:write",
    );
    const cancelled = await call<{ appointment: AppointmentView }>("POST", `/api/v1/appointments/${id}/cancel`, {
      token: manager,
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body.appointment.status).toBe("cancelled");
  });
});
