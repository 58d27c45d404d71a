import { Redis } from "@upstash/redis";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { seedDemoDoctors } from "../../scripts/seed.ts";
import { DEMO_DOCTORS } from "../../scripts/seed-data.ts";
import { eventually, withMongo } from "../support/mongo.ts";

const url = inject("workerUrl");
const redis = new Redis({ url: inject("upstashUrl"), token: inject("upstashToken") });

interface Listing {
  doctors: { id: string; name: string; speciality: string; feePaise: number; email?: unknown }[];
  specialities: string[];
}

async function list(query = ""): Promise<{ res: Response; body: Listing }> {
  // no-cache skips the short-lived isolate/edge cache so these tests see the Redis layer.
  const res = await fetch(`${url}/api/v1/doctors${query}`, { headers: { "Cache-Control": "no-cache" } });
  return { res, body: (await res.json()) as Listing };
}

describe("GET /api/v1/doctors", () => {
  beforeEach(async () => {
    const keys = await redis.keys("doctors:list:*");
    if (keys.length > 0) await redis.del(...keys);
  });

  it("states one freshness, the same on its first answer and on the cached ones", async () => {
    // A query of its own, so the first answer is a miss whatever other tests read.
    const path = `${url}/api/v1/doctors?speciality=${encodeURIComponent(`Freshness ${crypto.randomUUID()}`)}`;
    const first = await fetch(path);
    await first.arrayBuffer();
    expect(first.status).toBe(200);
    expect(first.headers.get("x-edge-cache")).toBe("miss");
    const hit = await eventually(async () => {
      const r = await fetch(path);
      await r.arrayBuffer();
      return r.headers.get("x-edge-cache") === "hit" ? r : null;
    });
    expect(first.headers.get("cache-control")).toBe("public, max-age=10, s-maxage=10");
    expect(hit.headers.get("cache-control")).toBe(first.headers.get("cache-control"));
  });

  it("lists the seeded doctors from MongoDB without private fields", async () => {
    const { res, body } = await list();
    expect(res.status).toBe(200);
    expect(body.doctors.map((d) => d.name).sort()).toEqual(DEMO_DOCTORS.map((d) => d.name).sort());
    expect(body.specialities).toEqual([...new Set(DEMO_DOCTORS.map((d) => d.speciality))].sort());
    for (const d of body.doctors) expect(d).not.toHaveProperty("email");
    expect(res.headers.get("cache-control")).toMatch(/public, max-age=\d+/);
  });

  /** The cache write happens after the response (waitUntil): wait for it to land. */
  const listingCached = () =>
    eventually(async () => ((await redis.exists("doctors:list:v1:*")) ? true : null), {
      timeoutMs: 5_000,
      what: "the listing in Redis",
    });

  it("reads through the Redis cache: miss, then hit, with the entry stored in Redis", async () => {
    const first = await list();
    expect(first.res.headers.get("x-cache")).toBe("miss");
    await listingCached();
    expect(await redis.ttl("doctors:list:v1:*")).toBeGreaterThan(0);
    const second = await list();
    expect(second.res.headers.get("x-cache")).toBe("hit");
    expect(second.body).toEqual(first.body);
  });

  it("serves the cached listing even after MongoDB changes, until the entry expires", async () => {
    await list();
    await listingCached();
    const cached = (await redis.get<Listing>("doctors:list:v1:*")) as Listing;
    cached.doctors = cached.doctors.slice(0, 1);
    await redis.set("doctors:list:v1:*", cached, { ex: 30 });
    const { res, body } = await list();
    expect(res.headers.get("x-cache")).toBe("hit");
    expect(body.doctors).toHaveLength(1);
  });

  it("filters by speciality and still returns every speciality for the filter chips", async () => {
    const { res, body } = await list("?speciality=Dermatologist");
    expect(res.status).toBe(200);
    expect(body.doctors.map((d) => d.name)).toEqual(["Dr. Vikram Mehta"]);
    expect(body.specialities.length).toBe(new Set(DEMO_DOCTORS.map((d) => d.speciality)).size);
  });

  it("returns an empty list for a speciality nobody has", async () => {
    const { res, body } = await list("?speciality=Astrologer");
    expect(res.status).toBe(200);
    expect(body.doctors).toEqual([]);
  });

  it("rejects an oversized speciality with 400 VALIDATION_FAILED and a field error", async () => {
    const res = await fetch(`${url}/api/v1/doctors?speciality=${"x".repeat(61)}`, {
      headers: { "Cache-Control": "no-cache" },
    });
    const body = (await res.json()) as { error: { code: string; fields: { path: string }[] } };
    expect(res.status).toBe(400);
    expect(body.error.code).toBe("VALIDATION_FAILED");
    expect(body.error.fields[0]?.path).toBe("speciality");
  });
});

describe("demo data", () => {
  it("seeding twice does not duplicate doctors", async () => {
    const uri = inject("mongoUri");
    const db = inject("mongoDb");
    const again = await seedDemoDoctors(uri, db);
    expect(again.inserted).toBe(0);
    const count = await withMongo(uri, db, (d) => d.collection("doctors").countDocuments());
    expect(count).toBe(DEMO_DOCTORS.length);
  });
});
