import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import { signAccessToken } from "../../worker/kernel/auth/access-token.ts";
import { keyRing } from "../../worker/kernel/auth/signing-keys.ts";
import { accountSessions } from "../../worker/kernel/clients/account-sessions.ts";
import { requireConfig } from "../../worker/kernel/config.ts";
import { toAppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import { parseInvite } from "../support/ical-import.ts";
import { seedPeople } from "../support/notification-people.ts";
import { bookedAppointment, cancelled } from "../support/notifications.ts";
import { uniqueDoctorId } from "../support/schedules.ts";

/**
 * Calendar feeds through the Worker's app and real MongoDB: a patient and a doctor each create a
 * secret URL that lists their own appointments (same UIDs as the invites), regenerate it (the
 * old URL stops working) and revoke it (404).
 */
const client = new MongoClient(env.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 });
const db = () => client.db(env.MONGODB_DB);
const app = createApp();
const config = requireConfig(env);

beforeAll(async () => {
  await client.connect();
});
afterAll(async () => {
  await client.close();
});

/** A token of a real session (the Worker refuses tokens whose session no sign-in opened). */
async function bearer(sub: string, role: "patient" | "doctor", doctorId?: string) {
  const opened = await accountSessions(env, sub).open(sub, 3600);
  if (!opened.ok) throw new Error("session not opened");
  const signed = await signAccessToken(
    await keyRing(config.AUTH_SIGNING_KEYS),
    { sub, role, sid: opened.sessionId, ...(doctorId ? { doctorId } : {}) },
    { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, ttlSeconds: 900 },
  );
  return `Bearer ${signed.token}`;
}

const request = (path: string, init: RequestInit = {}) => app.request(path, init, env, createExecutionContext());

async function feedOf(url: string) {
  const res = await request(new URL(url).pathname);
  return { status: res.status, text: await res.text(), headers: res.headers };
}

const rand = () => crypto.randomUUID().replaceAll("-", "").slice(0, 20);
const inDays = (d: number) => new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + d * 86_400_000).toISOString();

describe("calendar feeds", () => {
  it("lists only the owner's live appointments with the invites' UIDs; regenerate and revoke end the old URL", async () => {
    const doctorId = uniqueDoctorId("feed");
    const p = await seedPeople(db(), { doctorId, timeZone: "Europe/London" });
    const other = `usr_${crypto.randomUUID()}`;
    const mine = bookedAppointment({
      id: `apt.${doctorId}.${rand()}`,
      doctorId,
      patientId: p.patientId,
      start: inDays(3),
    });
    const gone = cancelled(
      bookedAppointment({ id: `apt.${doctorId}.${rand()}`, doctorId, patientId: p.patientId, start: inDays(4) }),
    );
    const theirs = bookedAppointment({ id: `apt.${doctorId}.${rand()}`, doctorId, patientId: other, start: inDays(5) });
    await db()
      .collection("appointments")
      .insertMany([mine, gone, theirs].map((a) => toAppointmentRecord(a, new Date())) as never[]);

    const auth = await bearer(p.patientId, "patient");
    const created = await request("/api/v1/me/calendar-feed", { method: "POST", headers: { Authorization: auth } });
    expect(created.status).toBe(201);
    const { url } = (await created.json()) as { url: string };
    expect(url).toMatch(/^https:\/\/app\.prescripto\.test\/api\/v1\/calendar\/[A-Za-z0-9_-]{43}\.ics$/);

    const feed = await feedOf(url);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("Content-Type")).toContain("text/calendar");
    expect(feed.headers.get("Cache-Control")).toBe("private, max-age=300");
    const parsed = parseInvite(feed.text);
    expect(parsed.events.map((ev) => ev.uid)).toEqual([`${mine.id}@prescripto-edge`]);
    expect(parsed.events[0]).toMatchObject({ sequence: 1, tzid: "Europe/London" });
    expect(parsed.events[0]?.start.toISOString()).toBe(mine.start);
    expect(feed.text).not.toContain(theirs.id);

    // The doctor's own feed lists both patients' bookings, naming neither.
    const doctorAuth = await bearer(`usr_${crypto.randomUUID()}`, "doctor", doctorId);
    const docCreated = await request("/api/v1/doctor/calendar-feed", {
      method: "POST",
      headers: { Authorization: doctorAuth },
    });
    const docFeed = await feedOf(((await docCreated.json()) as { url: string }).url);
    expect(
      parseInvite(docFeed.text)
        .events.map((ev) => ev.uid)
        .sort(),
    ).toEqual([`${mine.id}@prescripto-edge`, `${theirs.id}@prescripto-edge`].sort());
    expect(docFeed.text).not.toContain("Meera");

    // Regenerating replaces the URL: the old one is gone.
    const again = await request("/api/v1/me/calendar-feed", { method: "POST", headers: { Authorization: auth } });
    const { url: newUrl } = (await again.json()) as { url: string };
    expect(newUrl).not.toBe(url);
    expect((await feedOf(url)).status).toBe(404);
    expect((await feedOf(newUrl)).status).toBe(200);

    // Revoked: 404 with the API's error envelope.
    const revoked = await request("/api/v1/me/calendar-feed", { method: "DELETE", headers: { Authorization: auth } });
    expect(revoked.status).toBe(204);
    const after = await feedOf(newUrl);
    expect(after.status).toBe(404);
    expect(JSON.parse(after.text)).toMatchObject({ error: { code: "NOT_FOUND" } });
    expect(
      (await request("/api/v1/me/calendar-feed", { method: "DELETE", headers: { Authorization: auth } })).status,
    ).toBe(404);
  });

  it("needs the owner's login to create or revoke, and a well-formed token to read", async () => {
    expect((await request("/api/v1/me/calendar-feed", { method: "POST" })).status).toBe(401);
    const doctorAuth = await bearer(`usr_${crypto.randomUUID()}`, "doctor", uniqueDoctorId("x"));
    expect(
      (await request("/api/v1/me/calendar-feed", { method: "POST", headers: { Authorization: doctorAuth } })).status,
    ).toBe(403);
    expect((await request("/api/v1/calendar/not-a-token.ics")).status).toBe(404);
    expect((await request(`/api/v1/calendar/${"A".repeat(43)}.ics`)).status).toBe(404);
  });
});
