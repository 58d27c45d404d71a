import { beforeAll, describe, expect, it } from "vitest";
import type { AdminDoctor } from "../../worker/kernel/domain/doctor.ts";
import { login, type OnboardedDoctor, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";

/**
 * The doctor's own profile routes: no credential 401, other roles 403, and a doctor can only ever
 * reach their own profile (there is no id to point elsewhere; a doctor without a record is 404).
 */
// Creates doctors: its own worker and database, so the shared directory keeps only the seeded ones.
const worker = ownWorker("doctor-profile-sec");
const token = worker.token;
const call = worker.call;
type Envelope = { error: { code: string; fields?: { path: string }[] } };
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9, 9]);

const routes = [
  { name: "get profile", method: "GET", path: "/api/v1/doctor/profile" },
  { name: "update profile", method: "PATCH", path: "/api/v1/doctor/profile", body: { about: "x" } },
  { name: "upload photo", method: "PUT", path: "/api/v1/doctor/photo", photo: true },
] as const;

async function send(route: (typeof routes)[number], bearer?: string) {
  const auth: Record<string, string> = bearer ? { Authorization: `Bearer ${bearer}` } : {};
  if ("photo" in route) {
    const res = await fetch(`${worker.url()}${route.path}`, {
      method: route.method,
      headers: { "Content-Type": "image/png", ...auth },
      body: PNG,
    });
    return { status: res.status, body: (await res.json()) as Envelope };
  }
  return call<Envelope>(route.method, route.path, {
    ...(bearer ? { token: bearer } : {}),
    ...("body" in route ? { body: route.body } : {}),
  });
}

let admin: string;
let a: OnboardedDoctor;
let b: OnboardedDoctor;
let tokenA: string;
beforeAll(async () => {
  admin = await token("admin", "admin");
  [a, b] = await Promise.all([onboard(call, admin), onboard(call, admin)]);
  tokenA = await login(call, a.email, a.password);
});

describe.each(routes)("doctor profile: $name ($method $path)", (route) => {
  it("401 without a credential or with a bad one", async () => {
    expect((await send(route)).status).toBe(401);
    expect((await send(route, "x.y.z")).status).toBe(401);
  });

  it.each(["patient", "admin"] as const)("403 for a %s", async (role) => {
    const res = await send(route, await token(`sec_${role}`, role));
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("FORBIDDEN");
  });

  it("404 for a doctor whose record does not exist", async () => {
    const ghost = await token("sec_ghost", "doctor", "doc_ghost-doctor");
    const res = await send(route, ghost);
    expect(res.status).toBe(404);
  });
});

describe("doctor profile: only one's own", () => {
  it("a doctor's changes land on their own profile only, whatever the body says", async () => {
    const pointed = await call<Envelope>("PATCH", "/api/v1/doctor/profile", {
      token: tokenA,
      body: { doctorId: b.doctor.id, about: "hijack" },
    });
    expect(pointed.status).toBe(400);

    const own = await call<{ doctor: AdminDoctor }>("PATCH", "/api/v1/doctor/profile", {
      token: tokenA,
      body: { about: "Only mine" },
    });
    expect(own.status).toBe(200);
    expect(own.body.doctor.id).toBe(a.doctor.id);
    const other = await call<{ doctor: AdminDoctor }>("GET", `/api/v1/admin/doctors/${b.doctor.id}`, { token: admin });
    expect(other.body.doctor.about).toBe(b.doctor.about);
  });

  it("a doctor token for one doctor cannot read another's schedule (404)", async () => {
    const res = await call<Envelope>("GET", `/api/v1/doctors/${b.doctor.id}/schedule`, { token: tokenA });
    expect(res.status).toBe(404);
  });
});
