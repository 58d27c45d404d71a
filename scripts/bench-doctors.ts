import { MongoClient } from "mongodb";
import { collections } from "../durable-objects/mongo-gateway/collections.ts";
import type { DoctorRecord } from "../worker/kernel/domain/doctor.ts";

/**
 * The bench's doctors as onboarding leaves them: a MongoDB doctor record beside the schedule the
 * bench puts in each one's Durable Object. Without the record every notification of their bookings
 * would wait for it and be retried for the whole run (work a real doctor never causes).
 */
export async function onboardBenchDoctors(mongoUri: string, dbName: string, ids: readonly string[]): Promise<void> {
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const { doctors } = collections(client.db(dbName));
    const now = new Date();
    await doctors.bulkWrite(
      ids.map((id) => {
        const slug = id.replace(/^doc_/, "");
        const record: Omit<DoctorRecord, "_id"> = {
          slug,
          name: `Dr. ${slug}`,
          email: `${slug}@bench.prescripto.test`,
          speciality: "General physician",
          degree: "MBBS",
          experienceYears: 5,
          about: "A doctor the bench books.",
          feePaise: 50_000,
          currency: "INR",
          address: { line1: "1 Bench Road", city: "Pune" },
          timeZone: "Asia/Kolkata",
          photoUrl: null,
          acceptingBookings: true,
          createdAt: now,
          updatedAt: now,
        };
        return { updateOne: { filter: { _id: id }, update: { $setOnInsert: record }, upsert: true } };
      }),
      { ordered: false },
    );
  } finally {
    await client.close();
  }
}
