import { z } from "zod";
import { Text } from "./text.ts";

/**
 * A patient's or doctor's login account, as stored in MongoDB (`users`). Admins are not stored:
 * they come from configuration. The email is normalized (trimmed, lowercased) and unique.
 * Deleting an account scrubs it to a tombstone: the id stays (appointments refer to it), every
 * personal field goes, and the email is replaced by a value no address can equal, freeing it.
 */
export type UserRole = "patient" | "doctor";

export interface UserRecord {
  _id: string;
  email: string;
  name: string;
  phone: string | null;
  /** The IANA zone the person reads times in (emails show it beside the doctor's); null = unknown. */
  timeZone?: string | null;
  role: UserRole;
  /** For doctors: the doctor record this account signs in as. */
  doctorId?: string;
  passwordHash: string;
  createdAt: Date;
  updatedAt: Date;
  deletedAt?: Date | null;
}

/** The fields an account's owner may change through the API (and the password, by its own route). */
export interface UserPatch {
  name?: string;
  phone?: string | null;
  timeZone?: string | null;
  passwordHash?: string;
}

export function newUserId(): string {
  return `usr_${crypto.randomUUID()}`;
}

/** What a tombstone's email becomes: unique per account, and never a valid address. */
export function tombstoneEmail(userId: string): string {
  return `deleted:${userId}`;
}

export function isDeleted(user: Pick<UserRecord, "deletedAt">): boolean {
  return user.deletedAt !== undefined && user.deletedAt !== null;
}

/** A person's name as typed: trimmed, 1-100 characters, no control characters. */
export const PersonName = Text({ min: 1, max: 100, name: true });

/** A phone number: optional +, digits, spaces, dashes, dots, parentheses; 6-15 digits. */
export const Phone = z
  .string()
  .trim()
  .max(24, "must be at most 24 characters")
  .regex(/^\+?[0-9 ().-]+$/, "must be a phone number")
  .refine((v) => {
    const digits = v.replace(/\D/g, "").length;
    return digits >= 6 && digits <= 15;
  }, "must have 6 to 15 digits");

/** What the account's owner sees of their profile (never the password hash). */
export interface UserProfile {
  id: string;
  role: UserRole;
  email: string;
  name: string;
  phone: string | null;
  timeZone: string | null;
  doctorId: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toProfile(u: UserRecord): UserProfile {
  return {
    id: u._id,
    role: u.role,
    email: u.email,
    name: u.name,
    phone: u.phone,
    timeZone: u.timeZone ?? null,
    doctorId: u.doctorId ?? null,
    createdAt: new Date(u.createdAt).toISOString(),
    updatedAt: new Date(u.updatedAt).toISOString(),
  };
}
