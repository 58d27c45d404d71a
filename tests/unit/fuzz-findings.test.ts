import { describe, expect, it } from "vitest";
import { isWebPath } from "../../worker/http/web-shell.ts";
import { type DoctorRecord, toPublicDoctor } from "../../worker/kernel/domain/doctor.ts";

// What schemathesis (npm test -- fuzz) found, pinned so it cannot come back unnoticed.
describe("fuzz findings", () => {
  it("a doctor record stored without photoUrl is listed with photoUrl null, as the contract says", () => {
    const { photoUrl: _omitted, ...stored } = {
      _id: "doc_a",
      slug: "a",
      name: "Dr. A",
      email: "a@example.test",
      speciality: "General physician",
      degree: "MBBS",
      experienceYears: 1,
      about: "",
      feePaise: 0,
      currency: "INR",
      address: { line1: "1 Road", city: "Pune" },
      timeZone: "Asia/Kolkata",
      photoUrl: null,
      acceptingBookings: true,
      createdAt: new Date(0),
      updatedAt: new Date(0),
    } as DoctorRecord;
    expect(toPublicDoctor(stored as DoctorRecord).photoUrl).toBeNull();
  });
});

describe("fuzz findings: the reminder links' pages", () => {
  it("belong to the app, not the web shell, so their form can be posted", () => {
    for (const path of ["/appointment-links/confirm", "/appointment-links/cancel", "/appointment-links/0.5"]) {
      expect(isWebPath(new Request(`http://h.test${path}?token=x`)), path).toBe(false);
    }
    expect(isWebPath(new Request("http://h.test/appointments"))).toBe(true);
  });
});
