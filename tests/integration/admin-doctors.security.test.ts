import { beforeAll, describe, expect, inject, it } from "vitest";
import { api, token } from "../support/api.ts";
import { onboardingBody } from "../support/onboarding.ts";

/** Admin doctor routes: no credential 401, every other role 403, an unknown doctor 404. */
const call = api(inject("workerUrl"));
type Envelope = { error: { code: string } };

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const routes: { name: string; method: string; path: string; body?: unknown; photo?: boolean }[] = [
  { name: "onboard", method: "POST", path: "/api/v1/admin/doctors", body: onboardingBody() },
  { name: "list", method: "GET", path: "/api/v1/admin/doctors" },
  { name: "get", method: "GET", path: "/api/v1/admin/doctors/doc_asha-rao" },
  { name: "photo", method: "PUT", path: "/api/v1/admin/doctors/doc_asha-rao/photo", photo: true },
];

async function send(route: (typeof routes)[number], bearer?: string) {
  if (route.photo) {
    const res = await fetch(`${inject("workerUrl")}${route.path}`, {
      method: route.method,
      headers: { "Content-Type": "image/png", ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
      body: PNG,
    });
    return { status: res.status, body: (await res.json()) as Envelope };
  }
  return call<Envelope>(route.method, route.path, { ...(bearer ? { token: bearer } : {}), body: route.body });
}

let patient: string;
let doctor: string;
let clinicKey: string;
let admin: string;
beforeAll(async () => {
  admin = await token("admin", "admin");
  patient = await token("sec_patient", "patient");
  doctor = await token("sec_doctor", "doctor", "doc_asha-rao");
  const clinic = await call<{ clinic: { id: string } }>("POST", "/api/v1/admin/clinics", {
    token: admin,
    body: { name: `Security Clinic ${crypto.randomUUID().slice(0, 8)}` },
  });
  const key = await call<{ key: string }>("POST", `/api/v1/admin/clinics/${clinic.body.clinic.id}/api-keys`, {
    token: admin,
    body: { name: "sec" },
  });
  clinicKey = key.body.key;
});

describe.each(routes)("admin doctors: $name ($method $path)", (route) => {
  it("401 without a credential", async () => {
    const res = await send(route);
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe("UNAUTHENTICATED");
  });

  it("401 with a forged credential", async () => {
    expect((await send(route, "not.a.token")).status).toBe(401);
    expect((await send(route, `pe_abcdefgh_${"A".repeat(43)}`)).status).toBe(401);
  });

  it.each(["patient", "doctor", "clinic"] as const)("403 for a %s", async (role) => {
    const bearer = { patient, doctor, clinic: clinicKey }[role];
    const res = await send(route, bearer);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
  });
});

describe("admin doctors: objects that do not exist", () => {
  it("404 for an unknown or malformed doctor id", async () => {
    for (const id of ["doc_nobody-here", "not-a-doctor"]) {
      const res = await call<Envelope>("GET", `/api/v1/admin/doctors/${id}`, { token: admin });
      expect(res.status).toBe(404);
      const photo = await send(
        { name: "photo", method: "PUT", path: `/api/v1/admin/doctors/${id}/photo`, photo: true },
        admin,
      );
      expect(photo.status).toBe(404);
    }
  });
});
