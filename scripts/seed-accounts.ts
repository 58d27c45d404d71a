import { MongoClient } from "mongodb";
import { collections, ensureIndexes } from "../durable-objects/mongo-gateway/collections.ts";
import { hashPassword } from "../worker/kernel/auth/passwords.ts";
import { doctorIdFromSlug, slugify } from "../worker/kernel/domain/doctor.ts";
import { newUserId, type UserRecord } from "../worker/kernel/domain/user.ts";
import { DEMO_DOCTORS } from "./seed-data.ts";

export const DEMO_PATIENT = { email: "patient@demo.prescripto.test", name: "Demo Patient" } as const;

/**
 * Login accounts for local use: one per demo doctor (their demo email) and one demo patient, all
 * with `password` (made and kept by `npm start`, never committed). Idempotent: accounts are
 * inserted by email only when missing, so re-running neither duplicates them nor resets a password
 * changed since. Each demo doctor record is linked to its account.
 */
export async function seedDemoAccounts(
  mongoUri: string,
  dbName: string,
  password: string,
  iterations?: number,
): Promise<{ inserted: number }> {
  const client = new MongoClient(mongoUri, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.connect();
    const db = client.db(dbName);
    await ensureIndexes(db);
    const { users, doctors } = collections(db);
    const passwordHash = await hashPassword(password, iterations);
    const now = new Date();
    const wanted: Omit<UserRecord, "_id">[] = [
      ...DEMO_DOCTORS.map((d) => ({
        email: d.email,
        name: d.name,
        phone: null,
        role: "doctor" as const,
        doctorId: doctorIdFromSlug(slugify(d.name)),
        passwordHash,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      })),
      {
        ...DEMO_PATIENT,
        phone: null,
        role: "patient" as const,
        passwordHash,
        createdAt: now,
        updatedAt: now,
        deletedAt: null,
      },
    ];
    let inserted = 0;
    for (const account of wanted) {
      const result = await users.updateOne(
        { email: account.email },
        { $setOnInsert: { _id: newUserId(), ...account } },
        { upsert: true },
      );
      inserted += result.upsertedCount;
      if (account.doctorId) {
        const user = await users.findOne({ email: account.email }, { projection: { _id: 1 } });
        if (user)
          await doctors.updateOne(
            { _id: account.doctorId, userId: { $exists: false } },
            { $set: { userId: user._id } },
          );
      }
    }
    return { inserted };
  } finally {
    await client.close();
  }
}
