import { describe, expect, it } from "vitest";
import { assertMatchesContract } from "../support/openapi-check.ts";

const base = "http://127.0.0.1:1";
const doctor = {
  id: "doc_asha-rao",
  slug: "asha-rao",
  name: "Dr. Asha Rao",
  speciality: "General physician",
  degree: "MBBS",
  experienceYears: 4,
  about: "",
  feePaise: 50_000,
  currency: "INR",
  address: { line1: "1 Road", city: "Pune" },
  timeZone: "Asia/Kolkata",
  photoUrl: null,
  available: true,
};

describe("the integration tests' contract check (tests/support/openapi-check.ts)", () => {
  it("passes an answer that matches its declared schema", () => {
    expect(() =>
      assertMatchesContract("GET", `${base}/api/v1/doctors/doc_asha-rao`, 200, "application/json", { doctor }),
    ).not.toThrow();
  });

  it("fails a body that breaks the schema, naming the route", () => {
    expect(() =>
      assertMatchesContract("GET", `${base}/api/v1/doctors/doc_asha-rao`, 200, "application/json", {
        doctor: { ...doctor, feePaise: "500" },
      }),
    ).toThrow(/GET \/api\/v1\/doctors\/doc_asha-rao → 200: body does not match/);
  });

  it("fails a status the operation does not declare", () => {
    expect(() =>
      assertMatchesContract("GET", `${base}/api/v1/doctors/doc_asha-rao`, 418, "application/json", {}),
    ).toThrow(/status not declared/);
  });

  it("checks error answers against the one envelope", () => {
    const envelope = { error: { code: "NOT_FOUND", message: "Doctor not found", requestId: "r1" } };
    expect(() =>
      assertMatchesContract("GET", `${base}/api/v1/doctors/doc_x`, 404, "application/json", envelope),
    ).not.toThrow();
    expect(() =>
      assertMatchesContract("GET", `${base}/api/v1/doctors/doc_x`, 404, "application/json", {
        error: { ...envelope.error, code: "SLOT_TAKEN" },
      }),
    ).toThrow(/body does not match/);
  });

  it("leaves paths the API does not have to the router's 404", () => {
    expect(() => assertMatchesContract("GET", `${base}/api/v1/nothing`, 404, "application/json", {})).not.toThrow();
  });
});
