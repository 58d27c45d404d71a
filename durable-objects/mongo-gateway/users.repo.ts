import type { Db } from "mongodb";
import { tombstoneEmail, type UserPatch, type UserRecord } from "../../worker/kernel/domain/user.ts";
import { collections } from "./collections.ts";

/**
 * Queries on `users` (unique index on the normalized email). Called by the MongoGateway, which
 * owns the driver; every function takes the database so it can be tested on its own.
 */
export type CreateUserResult = { created: true } | { duplicate: "email" | "id" };

export async function createUser(db: Db, record: UserRecord): Promise<CreateUserResult> {
  const { users } = collections(db);
  try {
    await users.insertOne({ ...record, deletedAt: record.deletedAt ?? null });
    return { created: true };
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error;
    // The server's message names the index, but not in the same words on every server: look.
    const sameId = await users.findOne({ _id: record._id }, { projection: { _id: 1 } });
    return { duplicate: sameId ? "id" : "email" };
  }
}

export function findUserByEmail(db: Db, normalizedEmail: string): Promise<UserRecord | null> {
  return collections(db).users.findOne({ email: normalizedEmail });
}

export function findUserById(db: Db, id: string): Promise<UserRecord | null> {
  return collections(db).users.findOne({ _id: id });
}

/** Applies the owner's changes to a live account; null when there is none (missing or deleted). */
export async function updateUser(db: Db, id: string, patch: UserPatch, now = new Date()): Promise<UserRecord | null> {
  const set: Partial<UserRecord> = { updatedAt: now };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.phone !== undefined) set.phone = patch.phone;
  if (patch.timeZone !== undefined) set.timeZone = patch.timeZone;
  if (patch.passwordHash !== undefined) set.passwordHash = patch.passwordHash;
  return collections(db).users.findOneAndUpdate(
    { _id: id, deletedAt: null },
    { $set: set },
    { returnDocument: "after" },
  );
}

/**
 * Scrubs an account to a tombstone: personal fields and the password hash are removed, the email
 * is freed. Idempotent; `deleted` is false when there was no live account.
 */
export async function deleteUser(db: Db, id: string, now = new Date()) {
  const result = await collections(db).users.updateOne(
    { _id: id, deletedAt: null },
    {
      $set: {
        email: tombstoneEmail(id),
        name: "",
        phone: null,
        timeZone: null,
        passwordHash: "",
        deletedAt: now,
        updatedAt: now,
      },
    },
  );
  return { deleted: result.modifiedCount === 1 };
}
