import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { mongoGateway } from "../../worker/kernel/clients/mongo-gateway.ts";
import { requireConfig } from "../../worker/kernel/config.ts";
import { roundTheClock, slotStart } from "../support/schedules.ts";

const schedule = (doctorId: string) => env.DOCTOR_SCHEDULE.get(env.DOCTOR_SCHEDULE.idFromName(doctorId));
const unique = (p: string) => `doc_${p}-${crypto.randomUUID().slice(0, 8)}`;

describe("DoctorSchedule.updateBookingTerms", () => {
  it("changes only the fee and whether bookings are accepted, as a new schedule version", async () => {
    const doctorId = unique("terms");
    const stub = schedule(doctorId);
    const configured = await stub.configure(doctorId, roundTheClock({ feePaise: 10_000, holdMinutes: 7 }));
    const result = await stub.updateBookingTerms(doctorId, { feePaise: 25_000 });
    expect(result).toEqual({ ok: true, version: configured.version + 1 });
    const now = await stub.getSchedule();
    expect(now?.settings).toEqual({ ...configured.settings, feePaise: 25_000 });

    // The next booking is charged the new fee (payments on in this pool: a fee makes a hold).
    const booked = await stub.book({
      doctorId,
      patientId: "pat_terms",
      start: slotStart(3),
      paymentsEnabled: true,
      actor: { role: "patient", id: "pat_terms" },
    });
    expect(booked.ok && booked.appointment.feePaise).toBe(25_000);

    await stub.updateBookingTerms(doctorId, { acceptingBookings: false });
    const refused = await stub.book({
      doctorId,
      patientId: "pat_terms2",
      start: slotStart(4),
      paymentsEnabled: false,
      actor: { role: "patient", id: "pat_terms2" },
    });
    expect(refused).toEqual({ ok: false, reason: "slot_unavailable", detail: "not_accepting" });
  });

  it("is not_configured for a doctor without a schedule or another doctor's id", async () => {
    const doctorId = unique("terms-none");
    expect(await schedule(doctorId).updateBookingTerms(doctorId, { feePaise: 1 })).toEqual({
      ok: false,
      reason: "not_configured",
    });
    await schedule(doctorId).configure(doctorId, roundTheClock());
    expect((await schedule(doctorId).updateBookingTerms("doc_someone-else", { feePaise: 1 })).ok).toBe(false);
  });
});

describe("DoctorSchedule.discard", () => {
  it("forgets the schedule of a doctor who never had a booking", async () => {
    const doctorId = unique("discard");
    const stub = schedule(doctorId);
    await stub.configure(doctorId, roundTheClock());
    expect(await stub.discard("doc_someone-else")).toEqual({ discarded: false });
    expect(await stub.discard(doctorId)).toEqual({ discarded: true });
    expect(await stub.getSchedule()).toBeNull();
    expect((await stub.availability("2030-01-01", "2030-01-01")).ok).toBe(false);
  });

  it("refuses once anything was booked", async () => {
    const doctorId = unique("discard-booked");
    const stub = schedule(doctorId);
    await stub.configure(doctorId, roundTheClock({ feePaise: 0 }));
    const booked = await stub.book({
      doctorId,
      patientId: "pat_d",
      start: slotStart(3),
      paymentsEnabled: false,
      actor: { role: "patient", id: "pat_d" },
    });
    expect(booked.ok).toBe(true);
    expect(await stub.discard(doctorId)).toEqual({ discarded: false });
    expect(await stub.getSchedule()).not.toBeNull();
  });
});

describe("booking terms copied to the doctor's profile in MongoDB", () => {
  const gateway = () => env.MONGO_GATEWAY.get(env.MONGO_GATEWAY.idFromName("terms-test"));
  const now = new Date();
  const doctorRecord = (id: string) => ({
    _id: id,
    slug: id.replace(/^doc_/, ""),
    name: "Dr. Terms",
    email: `${id}@tests.prescripto.test`,
    speciality: "Dermatologist",
    degree: "MBBS",
    experienceYears: 3,
    about: "",
    feePaise: 10_000,
    currency: "INR" as const,
    address: { line1: "1 Road", city: "Pune" },
    timeZone: "Asia/Kolkata",
    photoUrl: null,
    acceptingBookings: true,
    createdAt: now,
    updatedAt: now,
  });

  it("applies newer versions only: a late, older version never overwrites a newer one", async () => {
    const doctorId = unique("sync");
    const inserted = await gateway().insertDoctor(doctorRecord(doctorId));
    expect(inserted.ok).toBe(true);
    const v3 = await gateway().syncBookingTerms(doctorId, { feePaise: 30_000, acceptingBookings: false }, 3);
    expect(v3).toEqual({ ok: true, value: { speciality: "Dermatologist" } });
    const v2 = await gateway().syncBookingTerms(doctorId, { feePaise: 20_000, acceptingBookings: true }, 2);
    expect(v2).toEqual({ ok: true, value: null });
    const again = await gateway().syncBookingTerms(doctorId, { feePaise: 30_000, acceptingBookings: false }, 3);
    expect(again).toEqual({ ok: true, value: null });
    const stored = await gateway().findDoctor({ id: doctorId });
    expect(stored.ok && stored.value).toMatchObject({ feePaise: 30_000, acceptingBookings: false, termsVersion: 3 });
  });

  it("a schedule change copies its fee to an existing profile (through the outbox and the queue) before answering", async () => {
    const doctorId = unique("sync2");
    // Through the gateway shard the doctor's object will use, so its connection is warm: the
    // object waits for MongoDB only so long before answering profileSynced: false.
    const shard = mongoGateway(env, requireConfig(env), doctorId);
    expect((await shard.insertDoctor(doctorRecord(doctorId))).ok).toBe(true);
    const result = await schedule(doctorId).configure(doctorId, roundTheClock({ feePaise: 45_000 }));
    expect(result.profileSynced).toBe(true);
    const stored = await gateway().findDoctor({ id: doctorId });
    expect(stored.ok && stored.value).toMatchObject({ feePaise: 45_000, termsVersion: result.version });
  });
});
