import { describe, expect, it } from "vitest";
import { generateApiKey, hashApiKey, looksLikeApiKey, parseApiKey } from "../../worker/kernel/auth/api-key-format.ts";
import { isDoctorId } from "../../worker/kernel/domain/appointment.ts";
import {
  type ApiKeyRecord,
  clinicPatientId,
  clinicSlug,
  isClinicId,
  newApiKeyId,
  newClinicId,
  PatientRef,
  toApiKeyView,
} from "../../worker/kernel/domain/clinic.ts";
import { DoctorProfilePatch, doctorIdFromSlug, doctorSlug } from "../../worker/kernel/domain/doctor.ts";

describe("clinic API keys", () => {
  it("have the pe_<prefix>_<secret> format, a visible prefix and 256 random bits", async () => {
    const a = await generateApiKey();
    const b = await generateApiKey();
    expect(a.key).toMatch(/^pe_[a-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(a.key.startsWith(`pe_${a.prefix}_`)).toBe(true);
    expect(a.key).not.toBe(b.key);
    expect(parseApiKey(a.key)).toEqual({ prefix: a.prefix });
    expect(looksLikeApiKey(a.key)).toBe(true);
  });

  it("are stored as the SHA-256 of the whole key, never the key", async () => {
    const { key, hash } = await generateApiKey();
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash).toBe(await hashApiKey(key));
    expect(hash).not.toContain(key.slice(12));
    expect(await hashApiKey(`${key.slice(0, -1)}${key.endsWith("A") ? "B" : "A"}`)).not.toBe(hash);
  });

  it.each([
    ["no marker", "xx_abcdefgh_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a short prefix", "pe_abc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["an uppercase prefix", "pe_ABCDEFGH_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
    ["a short secret", "pe_abcdefgh_AAAA"],
    ["a long secret", `pe_abcdefgh_${"A".repeat(44)}`],
    ["an empty string", ""],
  ])("refuses a malformed key with %s before any lookup", (_what, raw) => {
    expect(parseApiKey(raw)).toBeNull();
  });

  it("views never carry the hash", () => {
    const record: ApiKeyRecord = {
      _id: newApiKeyId(new Uint8Array(20)),
      clinicId: newClinicId(new Uint8Array(20)),
      name: "front desk",
      prefix: "abcdefgh",
      hash: "f".repeat(64),
      createdAt: new Date(0),
      createdBy: "adm_x",
      lastUsedAt: null,
      revokedAt: new Date(1000),
    };
    const view = toApiKeyView(record);
    expect(JSON.stringify(view)).not.toContain("f".repeat(64));
    expect(view).toMatchObject({ prefix: "abcdefgh", lastUsedAt: null, revokedAt: "1970-01-01T00:00:01.000Z" });
  });
});

describe("clinic ids and patients", () => {
  it("makes well-formed ids", () => {
    const id = newClinicId(crypto.getRandomValues(new Uint8Array(20)));
    expect(isClinicId(id)).toBe(true);
    expect(isClinicId("cln_../../x")).toBe(false);
  });

  it("scopes a clinic's patient references to the clinic", () => {
    expect(clinicPatientId("cln_aaaaaaaaaaaaaaaaaaaa", "MRN-42")).toBe("cln_aaaaaaaaaaaaaaaaaaaa:MRN-42");
    expect(PatientRef.safeParse("MRN-42").success).toBe(true);
    expect(PatientRef.safeParse("cln_other:MRN-42").success).toBe(false);
    expect(PatientRef.safeParse("x".repeat(65)).success).toBe(false);
  });

  it("slugs clinic names", () => {
    expect(clinicSlug("Sunrise Clinic, Pune")).toBe("sunrise-clinic-pune");
    expect(clinicSlug("!!!")).toBe("clinic");
  });
});

describe("doctor ids at onboarding", () => {
  it("are the name's slug plus a suffix, always a valid doctor id", () => {
    expect(doctorIdFromSlug(doctorSlug("Dr. Asha Rao", "k3x9q1"))).toBe("doc_asha-rao-k3x9q1");
    expect(isDoctorId(doctorIdFromSlug(doctorSlug("Dr. 山田", "abc123")))).toBe(true);
    expect(isDoctorId(doctorIdFromSlug(doctorSlug(`Dr. ${"Long".repeat(40)}`, "abc123")))).toBe(true);
  });
});

describe("doctor profile patch", () => {
  it("accepts fee, about, address and accepting bookings", () => {
    const parsed = DoctorProfilePatch.parse({
      feePaise: 75_000,
      about: " Heart health ",
      address: { line1: "1 Main St", city: "Pune" },
      acceptingBookings: false,
    });
    expect(parsed).toMatchObject({ feePaise: 75_000, about: "Heart health", acceptingBookings: false });
  });

  it.each([
    ["a role", { role: "admin" }],
    ["an email", { email: "x@example.com" }],
    ["a name", { name: "Dr. Someone Else" }],
    ["a speciality", { speciality: "Surgeon" }],
    ["a photo url", { photoUrl: "https://evil.example/x.png" }],
    ["a currency", { feePaise: 100, currency: "USD" }],
    ["an unknown address field", { address: { line1: "1 Main St", city: "Pune", country: "IN" } }],
  ])("refuses %s", (_what, body) => {
    expect(DoctorProfilePatch.safeParse(body).success).toBe(false);
  });

  it.each([
    ["a negative fee", { feePaise: -1 }],
    ["a fractional fee", { feePaise: 10.5 }],
    ["a fee over the maximum", { feePaise: 10_000_001 }],
    ["an oversized about", { about: "x".repeat(2001) }],
    ["an empty change", {}],
  ])("refuses %s", (_what, body) => {
    expect(DoctorProfilePatch.safeParse(body).success).toBe(false);
  });
});
