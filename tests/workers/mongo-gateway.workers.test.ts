import { env } from "cloudflare:workers";
import { MongoClient } from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const client = new MongoClient(env.MONGODB_URI, { serverSelectionTimeoutMS: 5_000 });

beforeAll(async () => {
  await client.connect();
  const doctors = client.db(env.MONGODB_DB).collection("doctors");
  await doctors.deleteMany({ _id: { $in: ["doc_gw-a", "doc_gw-b"] } } as never);
  const base = {
    degree: "MBBS",
    experienceYears: 5,
    about: "",
    feePaise: 50_000,
    currency: "INR",
    address: { line1: "1 Road", city: "Pune" },
    timeZone: "Asia/Kolkata",
    photoUrl: null,
    acceptingBookings: true,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
  await doctors.insertMany([
    { _id: "doc_gw-a", slug: "gw-a", name: "Dr. GW A", email: "a@gw.test", speciality: "Oncologist", ...base },
    { _id: "doc_gw-b", slug: "gw-b", name: "Dr. GW B", email: "b@gw.test", speciality: "Urologist", ...base },
  ] as never);
});
afterAll(async () => {
  await client.close();
});

describe("MongoGateway Durable Object", () => {
  const gateway = () => env.MONGO_GATEWAY.get(env.MONGO_GATEWAY.idFromName("shard-0"));

  it("pings MongoDB through its warm client", async () => {
    const result = await gateway().ping();
    expect(result.ok).toBe(true);
  });

  it("lists public doctor profiles filtered by speciality", async () => {
    const result = await gateway().listDoctors({ speciality: "Oncologist" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.doctors.map((d) => d.id)).toEqual(["doc_gw-a"]);
    expect(result.value.doctors[0]).not.toHaveProperty("email");
    expect(result.value.specialities).toEqual(expect.arrayContaining(["Oncologist", "Urologist"]));
  });

  it("creates the indexes the queries need", async () => {
    await gateway().ping();
    const names = (await client.db(env.MONGODB_DB).collection("doctors").listIndexes().toArray()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(["slug_unique", "email_unique", "speciality_name"]));
  });
});
