import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import type { Actor } from "../../worker/kernel/domain/appointment.ts";
import { type LinkAction, signLink } from "../../worker/kernel/notifications/links.ts";
import { roundTheClock, slotStart, uniqueDoctorId } from "../support/schedules.ts";

/**
 * The pages behind a reminder's confirm/cancel links, through the Worker's app and the doctor's
 * real DO: GET asks and changes nothing, POST acts once, and expired, tampered, mismatched or
 * reused links get a page that says so (never a 500).
 */
const secret = (env as unknown as { LINK_SIGNING_SECRET: string }).LINK_SIGNING_SECRET;
const app = createApp();
const admin: Actor = { role: "admin", id: "admin_1" };

async function bookedAppointment() {
  const doctorId = uniqueDoctorId("lnk");
  const stub = env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
  await stub.configure(doctorId, roundTheClock(), { waitForProfileMs: 0 });
  const patientId = `usr_${crypto.randomUUID()}`;
  const start = slotStart(48);
  const r = await stub.book({
    doctorId,
    patientId,
    start,
    paymentsEnabled: false,
    actor: { role: "patient", id: patientId },
  });
  if (!r.ok) throw new Error(r.reason);
  const link = (action: LinkAction, over: { version?: number; expiresAt?: number } = {}) =>
    signLink(secret, {
      appointmentId: r.appointment.id,
      version: over.version ?? 1,
      action,
      expiresAt: over.expiresAt ?? Math.floor(Date.parse(start) / 1000),
    });
  return { stub, id: r.appointment.id, link };
}

async function open(action: string, token: string) {
  const res = await app.request(
    `/appointment-links/${action}?token=${encodeURIComponent(token)}`,
    {},
    env,
    createExecutionContext(),
  );
  return { status: res.status, html: await res.text(), headers: res.headers };
}

async function submit(action: string, token: string) {
  const res = await app.request(
    `/appointment-links/${action}`,
    { method: "POST", body: new URLSearchParams({ token }) },
    env,
    createExecutionContext(),
  );
  return { status: res.status, html: await res.text() };
}

describe("reminder link pages", () => {
  it("confirm: GET asks with a plain form and changes nothing; POST records it in history once; reuse shows the answer", async () => {
    const a = await bookedAppointment();
    const token = await a.link("confirm");
    const asked = await open("confirm", token);
    expect(asked.status).toBe(200);
    expect(asked.html).toContain('<form method="post" action="confirm">');
    expect(asked.html).not.toContain("<script");
    expect(asked.headers.get("Cache-Control")).toBe("no-store");
    expect(asked.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect((await a.stub.get(a.id, admin))?.version).toBe(1);

    const done = await submit("confirm", token);
    expect(done.status).toBe(200);
    expect(done.html).toContain("Attendance confirmed");
    const after = await a.stub.get(a.id, admin);
    expect(after).toMatchObject({ status: "booked", version: 2 });
    expect(after?.history.at(-1)).toMatchObject({
      type: "attendance_confirmed",
      fromStatus: "booked",
      toStatus: "booked",
      actor: { role: "patient" },
    });
    // The doctor's day view (the doctor's local date) carries the history, so the doctor sees it.
    const localDate = DateTime.fromISO(after?.start ?? "", { zone: "Asia/Kolkata" }).toISODate() ?? "";
    const day = await a.stub.day(localDate);
    const shown = day?.appointments.find((x) => x.id === a.id);
    expect(shown?.history.at(-1)?.type).toBe("attendance_confirmed");

    const again = await submit("confirm", token);
    expect(again.status).toBe(200);
    expect(again.html).toContain("Attendance already confirmed");
    expect((await open("confirm", token)).html).toContain("Attendance already confirmed");
    expect((await a.stub.get(a.id, admin))?.version).toBe(2);
  });

  it("cancel: POST cancels as the patient; a second use shows it is cancelled", async () => {
    const a = await bookedAppointment();
    const token = await a.link("cancel");
    expect((await open("cancel", token)).html).toContain("Cancel the appointment");
    const done = await submit("cancel", token);
    expect(done.html).toContain("Appointment cancelled");
    expect(await a.stub.get(a.id, admin)).toMatchObject({ status: "cancelled", version: 2 });
    expect((await a.stub.get(a.id, admin))?.history.at(-1)?.actor.role).toBe("patient");
    const again = await submit("cancel", token);
    expect(again.status).toBe(200);
    expect(again.html).toContain("This appointment is cancelled");
  });

  it("expired, tampered, wrong-action and missing tokens get a clear page and change nothing", async () => {
    const a = await bookedAppointment();
    const expired = await a.link("confirm", { expiresAt: Math.floor(Date.now() / 1000) - 60 });
    const valid = await a.link("confirm");
    const tampered = `${valid.slice(0, -2)}${valid.endsWith("AA") ? "BB" : "AA"}`;
    const cases: [string, string, number, string][] = [
      ["confirm", expired, 410, "This link has expired"],
      ["confirm", tampered, 400, "This link is not valid"],
      ["cancel", valid, 400, "This link is not valid"],
      ["confirm", "", 400, "This link is not valid"],
    ];
    for (const [action, token, status, title] of cases) {
      for (const res of [await open(action, token), await submit(action, token)]) {
        expect(res.status).toBe(status);
        expect(res.html).toContain(title);
      }
    }
    expect((await a.stub.get(a.id, admin))?.version).toBe(1);
  });

  it("a link for an older version of a moved appointment does not act on the new time", async () => {
    const a = await bookedAppointment();
    const token = await a.link("cancel");
    const before = await a.stub.get(a.id, admin);
    const moved = await a.stub.transition({
      appointmentId: a.id,
      action: "reschedule",
      newStart: slotStart(72),
      actor: { role: "patient", id: before?.patientId ?? "" },
    });
    expect(moved.ok).toBe(true);
    const res = await submit("cancel", token);
    expect(res.status).toBe(409);
    expect(res.html).toContain("earlier version");
    expect(await a.stub.get(a.id, admin)).toMatchObject({ status: "booked", version: 2 });
  });
});
