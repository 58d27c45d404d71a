import { MongoClient } from "mongodb";
import { collections, ensureIndexes } from "../durable-objects/mongo-gateway/collections.ts";
import type { DoctorRecord } from "../worker/kernel/domain/doctor.ts";
import { doctorIdFromSlug, slugify } from "../worker/kernel/domain/doctor.ts";
import { DEMO_DOCTORS } from "./seed-data.ts";

/**
 * Seeds the demo doctors. Idempotent: doctors are upserted by id (derived from the slug) with
 * $setOnInsert, so a second run neither duplicates them nor overwrites later edits.
 */
export async function seedDemoDoctors(mongoUri: string, dbName: string): Promise<{ inserted: number; total: number }> {
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const db = client.db(dbName);
    await ensureIndexes(db);
    const { doctors } = collections(db);
    const now = new Date();
    const result = await doctors.bulkWrite(
      DEMO_DOCTORS.map((d) => {
        const slug = slugify(d.name);
        const record: DoctorRecord = {
          _id: doctorIdFromSlug(slug),
          slug,
          ...d,
          currency: "INR",
          photoUrl: null,
          acceptingBookings: true,
          createdAt: now,
          updatedAt: now,
        };
        const { _id, ...rest } = record;
        return { updateOne: { filter: { _id }, update: { $setOnInsert: rest }, upsert: true } };
      }),
      { ordered: false },
    );
    return { inserted: result.upsertedCount, total: await doctors.countDocuments() };
  } finally {
    await client.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const uri = process.env.MONGODB_URI;
  if (!uri) {
    console.error("MONGODB_URI is required");
    process.exit(2);
  }
  const result = await seedDemoDoctors(uri, process.env.MONGODB_DB ?? "prescripto");
  console.log(`seeded ${result.inserted} new demo doctors (${result.total} in total)`);
}
