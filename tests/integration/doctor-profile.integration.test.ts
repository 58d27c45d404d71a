import { Redis } from "@upstash/redis";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { AdminDoctor, PublicDoctor } from "../../worker/kernel/domain/doctor.ts";
import { eventually } from "../support/mongo.ts";
import { allDaySchedule, login, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { roundTheClock, slotStart } from "../support/schedules.ts";

// Creates doctors: its own worker and database, so the shared directory keeps only the seeded ones.
const worker = ownWorker("doctor-profile");
const token = worker.token;
const call = worker.call;
const redis = new Redis({ url: inject("upstashUrl"), token: inject("upstashToken") });
type Envelope = { error: { code: string; fields?: { path: string; message: string }[] } };
const noCache = { "Cache-Control": "no-cache" };

let admin: string;
beforeAll(async () => {
  admin = await token("admin", "admin");
});

async function doctorWithLogin(overrides: Record<string, unknown> = {}) {
  const d = await onboard(call, admin, overrides);
  return { ...d, token: await login(call, d.email, d.password) };
}

const publicProfile = (id: string) =>
  call<{ doctor: PublicDoctor }>("GET", `/api/v1/doctors/${id}`, { headers: noCache });

async function cachedInRedis(key: string): Promise<void> {
  await eventually(async () => ((await redis.exists(key)) ? true : null), { what: `${key} in Redis` });
}

describe("PATCH /api/v1/doctor/profile", () => {
  it("changes fee, about, address and accepting bookings, and nothing else", async () => {
    const d = await doctorWithLogin();
    const res = await call<{ doctor: AdminDoctor }>("PATCH", "/api/v1/doctor/profile", {
      token: d.token,
      body: {
        feePaise: 65_000,
        about: "Diabetes and thyroid clinics.",
        address: { line1: "9 New Street", line2: "Floor 2", city: "Nagpur" },
        acceptingBookings: false,
      },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.doctor).toMatchObject({
      ...d.doctor,
      feePaise: 65_000,
      about: "Diabetes and thyroid clinics.",
      address: { line1: "9 New Street", line2: "Floor 2", city: "Nagpur" },
      acceptingBookings: false,
      available: false,
      updatedAt: expect.any(String),
    });
    // An address without line2 replaces the whole address.
    const again = await call<{ doctor: AdminDoctor }>("PATCH", "/api/v1/doctor/profile", {
      token: d.token,
      body: { address: { line1: "9 New Street", city: "Nagpur" } },
    });
    expect(again.body.doctor.address).toEqual({ line1: "9 New Street", city: "Nagpur" });
  });

  it.each([
    ["a role", { role: "admin" }, "(root)"],
    ["a name", { name: "Dr. Somebody" }, "(root)"],
    ["an email", { email: "new@example.com" }, "(root)"],
    ["a photo url", { photoUrl: "https://example.com/x.png" }, "(root)"],
    ["a speciality", { speciality: "Surgeon", feePaise: 1 }, "(root)"],
    ["a negative fee", { feePaise: -1 }, "feePaise"],
    ["an oversized about", { about: "a".repeat(2001) }, "about"],
    ["an extra address field", { address: { line1: "1 Road", city: "Pune", pin: "411001" } }, "address"],
    ["nothing at all", {}, "(root)"],
  ])("refuses %s with 400 and changes nothing", async (_what, body, path) => {
    const d = await doctorWithLogin();
    const res = await call<Envelope>("PATCH", "/api/v1/doctor/profile", { token: d.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.fields?.map((f) => f.path)).toContain(path);
    const now = await call<{ doctor: AdminDoctor }>("GET", "/api/v1/doctor/profile", { token: d.token });
    expect(now.body.doctor).toEqual(d.doctor);
  });

  it("invalidates the cached public profile and directory listing", async () => {
    const speciality = `Spec${crypto.randomUUID().slice(0, 6)}`;
    const d = await doctorWithLogin({ speciality });
    const first = await publicProfile(d.doctor.id);
    expect(first.headers.get("x-cache")).toBe("miss");
    await cachedInRedis(`doctor:v1:${d.doctor.id}`);
    expect((await publicProfile(d.doctor.id)).headers.get("x-cache")).toBe("hit");
    await call("GET", `/api/v1/doctors?speciality=${speciality}`, { headers: noCache });
    await cachedInRedis(`doctors:list:v1:${speciality}`);

    const patched = await call("PATCH", "/api/v1/doctor/profile", { token: d.token, body: { feePaise: 12_345 } });
    expect(patched.status).toBe(200);
    const after = await publicProfile(d.doctor.id);
    expect(after.headers.get("x-cache")).toBe("miss");
    expect(after.body.doctor.feePaise).toBe(12_345);
    const listing = await call<{ doctors: PublicDoctor[] }>("GET", `/api/v1/doctors?speciality=${speciality}`, {
      headers: noCache,
    });
    expect(listing.headers.get("x-cache")).toBe("miss");
    expect(listing.body.doctors.find((x) => x.id === d.doctor.id)?.feePaise).toBe(12_345);
  });

  it("a new fee is what the next booking costs; not accepting bookings closes the diary", async () => {
    const d = await doctorWithLogin({ schedule: allDaySchedule() });
    await call("PATCH", "/api/v1/doctor/profile", { token: d.token, body: { feePaise: 77_700 } });
    const patient = await token(`fee_p_${crypto.randomUUID().slice(0, 6)}`);
    const booked = await call<{ appointment: AppointmentView }>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId: d.doctor.id, start: slotStart(6) },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.appointment.feePaise).toBe(77_700);

    await call("PATCH", "/api/v1/doctor/profile", { token: d.token, body: { acceptingBookings: false } });
    const refused = await call<Envelope>("POST", "/api/v1/appointments", {
      token: patient,
      body: { doctorId: d.doctor.id, start: slotStart(7) },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.fields).toEqual([{ path: "start", message: "not_accepting" }]);
    expect((await publicProfile(d.doctor.id)).body.doctor.available).toBe(false);
  });

  it("a schedule PUT carries its fee and availability to the public profile", async () => {
    const d = await doctorWithLogin();
    const put = await call("PUT", `/api/v1/doctors/${d.doctor.id}/schedule`, {
      token: d.token,
      body: roundTheClock({ feePaise: 33_300, acceptingBookings: true }),
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect((await publicProfile(d.doctor.id)).body.doctor.feePaise).toBe(33_300);
  });
});

describe("doctor photos", () => {
  const png = (seed: number) =>
    new Uint8Array([
      0x89,
      0x50,
      0x4e,
      0x47,
      0x0d,
      0x0a,
      0x1a,
      0x0a,
      ...crypto.getRandomValues(new Uint8Array(64)),
      seed,
    ]);
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...crypto.getRandomValues(new Uint8Array(64))]);
  const webp = new Uint8Array([
    0x52, 0x49, 0x46, 0x46, 0x40, 0, 0, 0, 0x57, 0x45, 0x42, 0x50, 0x56, 0x50, 0x38, 0x20, 1,
  ]);

  const upload = async (bearer: string, body: Uint8Array<ArrayBuffer>, type: string) => {
    const res = await fetch(`${worker.url()}/api/v1/doctor/photo`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${bearer}`, "Content-Type": type },
      body,
    });
    return { status: res.status, body: (await res.json()) as { photoUrl: string } & Envelope };
  };

  it("stores a photo in R2 and serves it with long immutable caching and an ETag", async () => {
    const d = await doctorWithLogin();
    const body = png(1);
    const res = await upload(d.token, body, "image/png");
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.photoUrl).toMatch(new RegExp(`^/api/v1/photos/${d.doctor.id}\\.[0-9a-f]{64}\\.png$`));
    expect((await publicProfile(d.doctor.id)).body.doctor.photoUrl).toBe(res.body.photoUrl);

    const served = await fetch(`${worker.url()}${res.body.photoUrl}`);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(served.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    const etag = served.headers.get("etag");
    expect(etag).toBeTruthy();
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(body);

    const revalidated = await fetch(`${worker.url()}${res.body.photoUrl}`, {
      headers: { "If-None-Match": etag as string },
    });
    expect(revalidated.status).toBe(304);
    expect(revalidated.headers.get("etag")).toBe(etag);
  });

  it("accepts JPEG and WebP, and deletes the photo it replaces", async () => {
    const d = await doctorWithLogin();
    const first = await upload(d.token, jpeg, "image/jpeg");
    expect(first.status).toBe(200);
    expect(first.body.photoUrl).toMatch(/\.jpg$/);
    const second = await upload(d.token, webp, "image/webp");
    expect(second.status).toBe(200);
    expect(second.body.photoUrl).toMatch(/\.webp$/);
    expect((await fetch(`${worker.url()}${second.body.photoUrl}`)).headers.get("content-type")).toBe("image/webp");
    await eventually(
      async () => ((await fetch(`${worker.url()}${first.body.photoUrl}`)).status === 404 ? true : null),
      {
        what: "the replaced photo deleted",
      },
    );
  });

  it.each([
    ["a declared type that is not an accepted image", png(2), "image/gif", 415],
    ["bytes that do not match the declared type", jpeg, "image/png", 415],
    ["an SVG declared as PNG", new TextEncoder().encode("<svg xmlns='http://www.w3.org/2000/svg'/>"), "image/png", 415],
    ["JSON", new TextEncoder().encode('{"a":1}'), "application/json", 415],
    ["an empty body", new Uint8Array(0), "image/png", 400],
  ])("refuses %s", async (_what, body, type, status) => {
    const d = await doctorWithLogin();
    const res = await upload(d.token, body, type);
    expect(res.status).toBe(status);
    const profile = await call<{ doctor: AdminDoctor }>("GET", "/api/v1/doctor/profile", { token: d.token });
    expect(profile.body.doctor.photoUrl).toBeNull();
  });

  it("refuses a photo over PHOTO_MAX_BYTES with 413", async () => {
    const d = await doctorWithLogin();
    const big = new Uint8Array(2 * 1024 * 1024 + 1);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const res = await upload(d.token, big, "image/png");
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("the photo bucket is one of the dependencies /api/health checks", async () => {
    const health = await call<{ checks: Record<string, { ok: boolean }> }>("GET", "/api/health");
    expect(health.body.checks.photos).toMatchObject({ ok: true });
  });

  it("404 for photos that do not exist or keys that are not photo keys", async () => {
    for (const key of [`doc_nobody.${"0".repeat(64)}.png`, "..%2F..%2Fetc", "x.svg"]) {
      expect((await fetch(`${worker.url()}/api/v1/photos/${key}`)).status).toBe(404);
    }
  });
});
