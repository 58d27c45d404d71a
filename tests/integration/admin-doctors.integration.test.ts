import { beforeAll, describe, expect, inject, it } from "vitest";
import type { AdminDoctor, PublicDoctor } from "../../worker/kernel/domain/doctor.ts";
import { registerPatient } from "../support/accounts.ts";
import { withMongo } from "../support/mongo.ts";
import { allDaySchedule, login, onboard, onboardingBody, testPassword } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";

// Creates doctors: its own worker and database, so the shared directory keeps only the seeded ones.
const worker = ownWorker("admin-doctors");
const token = worker.token;
const call = worker.call;
const mongo = <T>(fn: Parameters<typeof withMongo<T>>[2]) => withMongo<T>(inject("mongoUri"), worker.dbName, fn);
type Envelope = { error: { code: string; fields?: { path: string; message: string }[] } };
const noCache = { "Cache-Control": "no-cache" };
/** Documents written straight to MongoDB to stage a state the API would not produce. */
type Loose = { _id: string; [field: string]: unknown };

let admin: string;
beforeAll(async () => {
  admin = await token("admin", "admin");
});

describe("POST /api/v1/admin/doctors (onboarding)", () => {
  it("creates the doctor record and a doctor account that can sign in", async () => {
    const body = onboardingBody({ email: "  Mixed.Case@Tests.Prescripto.TEST " });
    const res = await call<{ doctor: AdminDoctor; account: { userId: string; email: string } }>(
      "POST",
      "/api/v1/admin/doctors",
      { token: admin, body },
    );
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { doctor, account } = res.body;
    expect(doctor.id).toMatch(/^doc_test-[a-z0-9]{8}-[a-z0-9]{6}$/);
    expect(doctor).toMatchObject({
      email: "mixed.case@tests.prescripto.test",
      name: body.name,
      feePaise: 40_000,
      acceptingBookings: true,
      photoUrl: null,
      userId: account.userId,
    });
    expect(res.headers.get("location")).toBe(`/api/v1/admin/doctors/${doctor.id}`);
    expect(JSON.stringify(res.body)).not.toContain(body.password);

    // The account is stored hashed, as a doctor account pointing at the doctor.
    const user = await mongo((db) => db.collection("users").findOne({ email: "mixed.case@tests.prescripto.test" }));
    expect(user).toMatchObject({ _id: account.userId, role: "doctor", doctorId: doctor.id });
    expect(String(user?.passwordHash)).toMatch(/^\$pbkdf2-sha256\$/);

    const doctorToken = await login(call, "MIXED.case@tests.prescripto.test", body.password);
    const profile = await call<{ doctor: AdminDoctor }>("GET", "/api/v1/doctor/profile", { token: doctorToken });
    expect(profile.status).toBe(200);
    expect(profile.body.doctor.id).toBe(doctor.id);
  });

  it("publishes the doctor: public profile without private fields, and in the directory at once", async () => {
    // Read the directory first so the new doctor has to invalidate a cached listing.
    await call("GET", "/api/v1/doctors?speciality=Oncologist", { headers: noCache });
    const { doctor } = await onboard(call, admin, { speciality: "Oncologist" });
    const pub = await call<{ doctor: PublicDoctor }>("GET", `/api/v1/doctors/${doctor.id}`, { headers: noCache });
    expect(pub.status).toBe(200);
    expect(pub.body.doctor).toMatchObject({ id: doctor.id, speciality: "Oncologist", available: true });
    for (const field of ["email", "userId", "createdAt", "acceptingBookings"]) {
      expect(pub.body.doctor).not.toHaveProperty(field);
    }
    const listing = await call<{ doctors: PublicDoctor[] }>("GET", "/api/v1/doctors?speciality=Oncologist", {
      headers: noCache,
    });
    expect(listing.body.doctors.map((d) => d.id)).toContain(doctor.id);
  });

  it("sets up the initial schedule in the doctor's Durable Object with the profile's zone and fee", async () => {
    const { doctor, email, password } = await onboard(call, admin, {
      schedule: allDaySchedule(),
      timeZone: "Europe/London",
      feePaise: 55_000,
    });
    const doctorToken = await login(call, email, password);
    const schedule = await call<{ settings: { timeZone: string; feePaise: number; slotMinutes: number } }>(
      "GET",
      `/api/v1/doctors/${doctor.id}/schedule`,
      { token: doctorToken },
    );
    expect(schedule.status).toBe(200);
    expect(schedule.body.settings).toMatchObject({ timeZone: "Europe/London", feePaise: 55_000, slotMinutes: 30 });
    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const slots = await call<{ slots: { start: string }[] }>(
      "GET",
      `/api/v1/doctors/${doctor.id}/slots?from=${day}&to=${day}`,
      { headers: noCache },
    );
    expect(slots.status).toBe(200);
    expect(slots.body.slots.length).toBeGreaterThan(40);
  });

  it("refuses a second onboarding with the same email (any case) with 409 and writes nothing", async () => {
    const first = onboardingBody();
    await onboard(call, admin, first);
    const again = { ...onboardingBody(), email: first.email.toUpperCase() };
    const res = await call<Envelope>("POST", "/api/v1/admin/doctors", { token: admin, body: again });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("EMAIL_TAKEN");
    expect(res.body.error.fields?.[0]?.path).toBe("email");
    expect(await mongo((db) => db.collection("doctors").countDocuments({ name: again.name }))).toBe(0);
  });

  it("refuses the email of a registered patient with 409", async () => {
    const email = `patient-${crypto.randomUUID().slice(0, 8)}@tests.prescripto.test`;
    const reg = await call("POST", "/api/v1/auth/register", {
      body: { name: "A Patient", email, password: testPassword() },
    });
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const body = onboardingBody({ email });
    const res = await call<Envelope>("POST", "/api/v1/admin/doctors", { token: admin, body });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("EMAIL_TAKEN");
    expect(await mongo((db) => db.collection("doctors").countDocuments({ email }))).toBe(0);
    expect(await mongo((db) => db.collection("users").countDocuments({ email }))).toBe(1);
  });

  it.each([
    ["an invalid email", { email: "not-an-email" }, "email"],
    ["a short password", { password: "short1" }, "password"],
    ["one of the commonest passwords", { password: "password123" }, "password"],
    [
      "a password equal to the email",
      { email: "same-as-pass@tests.prescripto.test", password: "same-as-pass@tests.prescripto.test" },
      "password",
    ],
    ["an oversized about", { about: "x".repeat(2001) }, "about"],
    ["an oversized name", { name: "N".repeat(101) }, "name"],
    ["a negative fee", { feePaise: -5 }, "feePaise"],
    ["a fractional fee", { feePaise: 12.5 }, "feePaise"],
    ["an unknown time zone", { timeZone: "Mars/Olympus" }, "timeZone"],
    ["an unknown field (a role)", { role: "admin" }, "(root)"],
    ["a schedule carrying its own zone", { schedule: { ...allDaySchedule(), timeZone: "UTC" } }, "schedule"],
    ["an invalid schedule", { schedule: { ...allDaySchedule(), slotMinutes: 2 } }, "schedule.slotMinutes"],
    ["an address missing its city", { address: { line1: "1 Road" } }, "address.city"],
  ])("refuses %s with 400 and a field error, writing nothing", async (_what, overrides, path) => {
    const body = onboardingBody(overrides);
    const res = await call<Envelope>("POST", "/api/v1/admin/doctors", { token: admin, body });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.code).toBe("VALIDATION_FAILED");
    expect(res.body.error.fields?.map((f) => f.path)).toContain(path);
    const email = String(body.email).trim().toLowerCase();
    expect(await mongo((db) => db.collection("users").countDocuments({ email }))).toBe(0);
    expect(await mongo((db) => db.collection("doctors").countDocuments({ email }))).toBe(0);
  });

  it("resumes an onboarding that stopped after creating the account: same ids, the new password", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const doctorId = `doc_pending-${tag}`;
    const email = `pending-${tag}@tests.prescripto.test`;
    // What a failed attempt whose undo also failed leaves behind: the account, no doctor record.
    await mongo((db) =>
      db.collection<Loose>("users").insertOne({
        _id: `usr_${crypto.randomUUID()}`,
        email,
        name: "Dr. Pending",
        phone: null,
        role: "doctor",
        doctorId,
        passwordHash: "$pbkdf2-sha256$v=1$i=100000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        createdAt: new Date(),
        updatedAt: new Date(),
        deletedAt: null,
      }),
    );
    const body = onboardingBody({ email, name: "Dr. Pending" });
    const res = await call<{ doctor: AdminDoctor; resumed: boolean }>("POST", "/api/v1/admin/doctors", {
      token: admin,
      body,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ resumed: true, doctor: { id: doctorId, email } });
    expect(await mongo((db) => db.collection("users").countDocuments({ email }))).toBe(1);
    await login(call, email, body.password);
    // Once complete, the same email is taken.
    const again = await call<Envelope>("POST", "/api/v1/admin/doctors", { token: admin, body });
    expect(again.status).toBe(409);
  });

  it("undoes the account and the schedule when the doctor record cannot be written", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const doctorId = `doc_clash-${tag}`;
    const email = `clash-${tag}@tests.prescripto.test`;
    const userId = `usr_${crypto.randomUUID()}`;
    await mongo(async (db) => {
      await db.collection<Loose>("users").insertOne({
        _id: userId,
        email,
        name: "Dr. Clash",
        phone: null,
        role: "doctor",
        doctorId,
        passwordHash: "x",
        createdAt: new Date(),
        updatedAt: new Date(),
        deletedAt: null,
      });
      // Another doctor already holds the slug this onboarding will need: its insert must fail.
      await db.collection<Loose>("doctors").insertOne({
        ...onboardingBody(),
        _id: `doc_other-${tag}`,
        slug: `clash-${tag}`,
        currency: "INR",
        photoUrl: null,
        acceptingBookings: true,
        createdAt: new Date(),
        updatedAt: new Date(),
      });
    });
    const res = await call<Envelope>("POST", "/api/v1/admin/doctors", {
      token: admin,
      body: onboardingBody({ email, schedule: allDaySchedule() }),
    });
    expect(res.status).toBe(500);
    expect(await mongo((db) => db.collection("users").findOne({ _id: userId as never }))).toMatchObject({
      deletedAt: expect.any(Date),
      passwordHash: "",
    });
    expect(await mongo((db) => db.collection("users").countDocuments({ email }))).toBe(0);
    expect(await mongo((db) => db.collection("doctors").countDocuments({ _id: doctorId as never }))).toBe(0);
    const schedule = await call<Envelope>("GET", `/api/v1/doctors/${doctorId}/schedule`, { token: admin });
    expect(schedule.status).toBe(404);
  });
});

describe("GET /api/v1/admin/doctors", () => {
  it("lists doctors with their private fields, and gets one by id", async () => {
    const { doctor } = await onboard(call, admin, { speciality: "Rheumatologist" });
    const list = await call<{ doctors: AdminDoctor[] }>("GET", "/api/v1/admin/doctors?speciality=Rheumatologist", {
      token: admin,
    });
    expect(list.status).toBe(200);
    expect(list.body.doctors.find((d) => d.id === doctor.id)).toMatchObject({ email: doctor.email });
    const one = await call<{ doctor: AdminDoctor }>("GET", `/api/v1/admin/doctors/${doctor.id}`, { token: admin });
    expect(one.status).toBe(200);
    expect(one.body.doctor).toEqual(doctor);
    expect(one.headers.get("cache-control")).toBe("no-store");
  });
});

describe("POST /api/v1/appointments by an admin, on a patient's behalf", () => {
  it("books only for a live patient account: unknown, doctor and deleted ids are a 400 on patientId", async () => {
    const { doctor, userId: doctorUserId } = await onboard(call, admin, { schedule: allDaySchedule() });
    const start = new Date(Math.ceil((Date.now() + 3 * 86_400_000) / 1_800_000) * 1_800_000).toISOString();
    const ledgerSize = async () =>
      (
        await call<{ appointments: unknown[] }>("GET", `/api/v1/admin/doctors/${doctor.id}/ledger`, {
          token: admin,
        })
      ).body.appointments.length;
    const deleted = await registerPatient(call);
    const gone = await call("DELETE", "/api/v1/me", {
      token: deleted.accessToken,
      body: { password: deleted.password },
    });
    expect(gone.status, JSON.stringify(gone.body)).toBe(204);
    const refused = ["usr_00000000-0000-4000-8000-000000000000", "nobody", doctorUserId, deleted.user.id];
    for (const patientId of refused) {
      const res = await call<Envelope>("POST", "/api/v1/appointments", {
        token: admin,
        body: { doctorId: doctor.id, start, patientId },
      });
      expect(res.status, `${patientId}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.error.code).toBe("VALIDATION_FAILED");
      expect(res.body.error.fields).toEqual([{ path: "patientId", message: "no patient account has this id" }]);
    }
    expect(await ledgerSize()).toBe(0);

    const patient = await registerPatient(call);
    const booked = await call<{ appointment: { patientId: string } }>("POST", "/api/v1/appointments", {
      token: admin,
      body: { doctorId: doctor.id, start, patientId: patient.user.id },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    expect(booked.body.appointment.patientId).toBe(patient.user.id);
    expect(await ledgerSize()).toBe(1);
  });
});
