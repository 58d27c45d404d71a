import type { Db } from "mongodb";
import type { ApiKeyRecord, ClinicRecord } from "../../worker/kernel/domain/clinic.ts";
import { collections } from "./collections.ts";

/** The `clinics` and `api_keys` collections. Plain functions over a Db, called by the gateway. */
export async function insertClinic(db: Db, record: ClinicRecord): Promise<{ created: true } | { duplicate: "slug" }> {
  try {
    await collections(db).clinics.insertOne(record);
    return { created: true };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    return { duplicate: "slug" };
  }
}

export function findClinic(db: Db, clinicId: string): Promise<ClinicRecord | null> {
  return collections(db).clinics.findOne({ _id: clinicId });
}

export function listClinics(db: Db, limit: number): Promise<ClinicRecord[]> {
  return collections(db).clinics.find({}).sort({ name: 1 }).limit(limit).toArray();
}

/** Adds or removes one doctor atomically ($addToSet / $pull); null when there is no such clinic. */
export function setClinicDoctor(
  db: Db,
  clinicId: string,
  doctorId: string,
  attached: boolean,
  now: Date,
): Promise<ClinicRecord | null> {
  return collections(db).clinics.findOneAndUpdate(
    { _id: clinicId },
    attached
      ? { $addToSet: { doctorIds: doctorId }, $set: { updatedAt: now } }
      : { $pull: { doctorIds: doctorId }, $set: { updatedAt: now } },
    { returnDocument: "after" },
  );
}

export async function insertApiKey(db: Db, record: ApiKeyRecord): Promise<void> {
  await collections(db).apiKeys.insertOne(record);
}

export function findApiKeyByHash(db: Db, hash: string): Promise<ApiKeyRecord | null> {
  return collections(db).apiKeys.findOne({ hash });
}

export function listApiKeys(db: Db, clinicId: string): Promise<ApiKeyRecord[]> {
  return collections(db).apiKeys.find({ clinicId }).sort({ createdAt: -1 }).limit(500).toArray();
}

/** Revokes a key of this clinic (a key of another clinic is not found). Revoking twice keeps the first time. */
export async function revokeApiKey(db: Db, clinicId: string, keyId: string, now: Date): Promise<ApiKeyRecord | null> {
  const { apiKeys } = collections(db);
  await apiKeys.updateOne({ _id: keyId, clinicId, revokedAt: null }, { $set: { revokedAt: now } });
  return apiKeys.findOne({ _id: keyId, clinicId });
}

/** Records a use; a no-op when a use at most `minIntervalMs` ago is already recorded. */
export async function touchApiKey(db: Db, keyId: string, now: Date, minIntervalMs: number): Promise<void> {
  await collections(db).apiKeys.updateOne(
    { _id: keyId, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: new Date(now.getTime() - minIntervalMs) } }] },
    { $set: { lastUsedAt: now } },
  );
}
