import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { generateApiKey } from "../../worker/kernel/auth/api-key-format.ts";
import { type ApiKeyRecord, type ClinicRecord, newApiKeyId, newClinicId } from "../../worker/kernel/domain/clinic.ts";

const gateway = () => env.MONGO_GATEWAY.get(env.MONGO_GATEWAY.idFromName("shard-1"));
const random = () => crypto.getRandomValues(new Uint8Array(20));

function clinic(name: string): ClinicRecord {
  const now = new Date();
  return {
    _id: newClinicId(random()),
    slug: name.toLowerCase().replace(/\W+/g, "-"),
    name,
    doctorIds: [],
    createdAt: now,
    updatedAt: now,
  };
}

async function keyFor(clinicId: string): Promise<{ key: string; record: ApiKeyRecord }> {
  const { key, prefix, hash } = await generateApiKey();
  return {
    key,
    record: {
      _id: newApiKeyId(random()),
      clinicId,
      name: "k",
      prefix,
      hash,
      createdAt: new Date(),
      createdBy: "adm_test",
      lastUsedAt: null,
      revokedAt: null,
    },
  };
}

describe("MongoGateway: clinics and API keys", () => {
  it("enforces unique clinic slugs", async () => {
    const a = clinic(`GW Clinic ${crypto.randomUUID().slice(0, 6)}`);
    expect(await gateway().insertClinic(a)).toEqual({ ok: true, value: { created: true } });
    expect(await gateway().insertClinic({ ...a, _id: newClinicId(random()) })).toEqual({
      ok: true,
      value: { duplicate: "slug" },
    });
  });

  it("attaches a doctor once and detaches it", async () => {
    const c = clinic(`GW Attach ${crypto.randomUUID().slice(0, 6)}`);
    await gateway().insertClinic(c);
    await gateway().setClinicDoctor(c._id, "doc_gw-x", true);
    const twice = await gateway().setClinicDoctor(c._id, "doc_gw-x", true);
    expect(twice.ok && twice.value?.doctorIds).toEqual(["doc_gw-x"]);
    const gone = await gateway().setClinicDoctor(c._id, "doc_gw-x", false);
    expect(gone.ok && gone.value?.doctorIds).toEqual([]);
    expect(await gateway().setClinicDoctor("cln_nonexistent0000000", "doc_gw-x", true)).toEqual({
      ok: true,
      value: null,
    });
  });

  it("resolves a key by its hash to the key and its clinic; revocation is kept and scoped", async () => {
    const c = clinic(`GW Keys ${crypto.randomUUID().slice(0, 6)}`);
    await gateway().insertClinic(c);
    const { record } = await keyFor(c._id);
    await gateway().insertApiKey(record);
    const resolved = await gateway().resolveApiKey(record.hash);
    expect(resolved.ok && resolved.value?.clinic._id).toBe(c._id);
    expect(resolved.ok && resolved.value?.key._id).toBe(record._id);
    expect(await gateway().resolveApiKey("0".repeat(64))).toEqual({ ok: true, value: null });

    expect(await gateway().revokeApiKey("cln_someoneelse00000000", record._id)).toEqual({ ok: true, value: null });
    const first = await gateway().revokeApiKey(c._id, record._id);
    const second = await gateway().revokeApiKey(c._id, record._id);
    expect(first.ok && first.value?.revokedAt).toBeInstanceOf(Date);
    expect(second.ok && second.value?.revokedAt).toEqual(first.ok && first.value?.revokedAt);
  });

  it("records a key's use at most once per interval", async () => {
    const c = clinic(`GW Touch ${crypto.randomUUID().slice(0, 6)}`);
    await gateway().insertClinic(c);
    const { record } = await keyFor(c._id);
    await gateway().insertApiKey(record);
    await gateway().touchApiKey(record._id, 60_000);
    const once = await gateway().resolveApiKey(record.hash);
    const firstUse = once.ok ? once.value?.key.lastUsedAt : null;
    expect(firstUse).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 20));
    await gateway().touchApiKey(record._id, 60_000);
    const twice = await gateway().resolveApiKey(record.hash);
    expect(twice.ok && twice.value?.key.lastUsedAt).toEqual(firstUse);
    await gateway().touchApiKey(record._id, 0);
    const later = await gateway().resolveApiKey(record.hash);
    expect((later.ok && later.value?.key.lastUsedAt)?.valueOf()).toBeGreaterThan((firstUse as Date).valueOf());
  });
});
