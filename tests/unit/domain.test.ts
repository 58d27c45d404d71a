import { describe, expect, it } from "vitest";
import { type DoctorRecord, doctorIdFromSlug, slugify, toPublicDoctor } from "../../worker/kernel/domain/doctor.ts";
import { retryDelaySeconds } from "../../worker/kernel/lib/backoff.ts";
import { SorMessage } from "../../worker/kernel/messages/sor-messages.ts";

const record: DoctorRecord = {
  _id: "doc_asha-rao",
  slug: "asha-rao",
  name: "Dr. Asha Rao",
  email: "asha@example.com",
  speciality: "Cardiologist",
  degree: "MBBS",
  experienceYears: 14,
  about: "",
  feePaise: 90_000,
  currency: "INR",
  address: { line1: "12 MG Road", city: "Bengaluru" },
  timeZone: "Asia/Kolkata",
  photoUrl: null,
  acceptingBookings: true,
  createdAt: new Date(0),
  updatedAt: new Date(0),
};

describe("public doctor profile", () => {
  it("never exposes the email or timestamps", () => {
    const pub = toPublicDoctor(record);
    expect(pub).not.toHaveProperty("email");
    expect(pub).not.toHaveProperty("createdAt");
    expect(pub).toMatchObject({ id: "doc_asha-rao", feePaise: 90_000, available: true });
  });

  it("derives stable ids from names", () => {
    expect(slugify("Dr. Asha Rao")).toBe("asha-rao");
    expect(slugify("Dr Émile  Zola-Jr.")).toBe("emile-zola-jr");
    expect(doctorIdFromSlug("asha-rao")).toBe("doc_asha-rao");
  });
});

describe("queue messages and retries", () => {
  it("accepts a well-formed probe and rejects anything else", () => {
    expect(
      SorMessage.safeParse({ type: "probe", probeId: "abcdefgh12", sentAt: "2026-01-01T00:00:00.000Z" }).success,
    ).toBe(true);
    expect(SorMessage.safeParse({ type: "probe", probeId: "x", sentAt: "yesterday" }).success).toBe(false);
    expect(SorMessage.safeParse({ type: "unknown" }).success).toBe(false);
  });

  it("backs off exponentially with jitter, capped at five minutes", () => {
    expect(retryDelaySeconds(1, () => 1)).toBe(4);
    expect(retryDelaySeconds(3, () => 1)).toBe(16);
    expect(retryDelaySeconds(30, () => 1)).toBe(300);
    expect(retryDelaySeconds(5, () => 0)).toBe(1);
  });
});
