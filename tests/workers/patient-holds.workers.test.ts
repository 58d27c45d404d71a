import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import type { PatientHolds } from "../../durable-objects/patient-holds/patient-holds.ts";

const NOW = Date.parse("2030-01-01T00:00:00Z");
const MIN = 60_000;

function patient() {
  const stub = env.PATIENT_HOLDS.get(env.PATIENT_HOLDS.idFromName(`usr_${crypto.randomUUID()}`));
  const at = (ms: number) =>
    runInDurableObject(stub, (o: PatientHolds) => {
      o.clock.now = () => ms;
    });
  return { stub, at };
}

describe("PatientHolds Durable Object (the platform-wide cap on unpaid holds)", () => {
  it("counts exactly: of many reservations asked at once, only the limit is granted", async () => {
    const { stub, at } = patient();
    await at(NOW);
    const asked = await Promise.all(
      Array.from({ length: 6 }, (_, i) => stub.reserve({ key: `pending:${i}`, expiresAtMs: NOW + MIN }, 2)),
    );
    expect(asked.filter((r) => r.ok)).toHaveLength(2);
    expect(asked.filter((r) => !r.ok)).toEqual(Array(4).fill({ ok: false, limit: 2, active: 2 }));
    expect(await stub.list()).toHaveLength(2);
  });

  it("keeps a confirmed hold until it is released, and frees its place on release", async () => {
    const { stub, at } = patient();
    await at(NOW);
    expect((await stub.reserve({ key: "pending:a", expiresAtMs: NOW + MIN }, 1)).ok).toBe(true);
    await stub.confirm("pending:a", { key: "apt_a", expiresAtMs: NOW + 10 * MIN });
    expect(await stub.list()).toEqual([{ key: "apt_a", expiresAtMs: NOW + 10 * MIN }]);
    // The pending reservation's own lifetime is over; the hold's is not.
    await at(NOW + 2 * MIN);
    expect((await stub.reserve({ key: "pending:b", expiresAtMs: NOW + 3 * MIN }, 1)).ok).toBe(false);
    await stub.release(["apt_a"]);
    expect((await stub.reserve({ key: "pending:b", expiresAtMs: NOW + 3 * MIN }, 1)).ok).toBe(true);
  });

  it("lets a reservation whose release was lost lapse at the hold's expiry, so nobody is locked out", async () => {
    const { stub, at } = patient();
    await at(NOW);
    await stub.reserve({ key: "pending:a", expiresAtMs: NOW + MIN }, 1);
    await stub.confirm("pending:a", { key: "apt_a", expiresAtMs: NOW + 10 * MIN });
    await at(NOW + 10 * MIN - 1);
    expect((await stub.reserve({ key: "pending:b", expiresAtMs: NOW + 11 * MIN }, 1)).ok).toBe(false);
    await at(NOW + 10 * MIN);
    expect((await stub.reserve({ key: "pending:b", expiresAtMs: NOW + 11 * MIN }, 1)).ok).toBe(true);
  });

  it("writes its reservations to storage, which a restarted object loads", async () => {
    const { stub, at } = patient();
    await at(NOW);
    await stub.reserve({ key: "pending:a", expiresAtMs: NOW + MIN }, 1);
    await stub.confirm("pending:a", { key: "apt_a", expiresAtMs: NOW + 10 * MIN });
    const stored = await runInDurableObject(stub, (_o: PatientHolds, state) => state.storage.get("reservations"));
    expect(stored).toEqual([{ key: "apt_a", expiresAtMs: NOW + 10 * MIN }]);
  });
});
