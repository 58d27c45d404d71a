import { z } from "zod";
import { Text } from "./text.ts";
import { IanaTimeZone } from "./time-zone.ts";

/** What a doctor's profile says, in the stored record and in the public view alike. Money is integer paise. */
interface DoctorProfileFields {
  slug: string;
  name: string;
  speciality: string;
  degree: string;
  experienceYears: number;
  about: string;
  feePaise: number;
  currency: "INR";
  address: { line1: string; line2?: string; city: string };
  timeZone: string;
  photoUrl: string | null;
}

/** A doctor as stored in MongoDB (the system of record). */
export interface DoctorRecord extends DoctorProfileFields {
  _id: string;
  email: string;
  acceptingBookings: boolean;
  /** The doctor's login account (absent for demo doctors seeded without one). */
  userId?: string;
  /** The schedule version whose fee and accepting flag these are (see syncBookingTerms). */
  termsVersion?: number;
  createdAt: Date;
  updatedAt: Date;
}

/** What anyone may see: never the email or other private fields. */
export interface PublicDoctor extends DoctorProfileFields {
  id: string;
  available: boolean;
}

export function toPublicDoctor(d: DoctorRecord): PublicDoctor {
  return {
    id: d._id,
    slug: d.slug,
    name: d.name,
    speciality: d.speciality,
    degree: d.degree,
    experienceYears: d.experienceYears,
    about: d.about,
    feePaise: d.feePaise,
    currency: d.currency,
    address: { line1: d.address.line1, ...(d.address.line2 ? { line2: d.address.line2 } : {}), city: d.address.city },
    timeZone: d.timeZone,
    // A record may lack the field (schemathesis found the seeded doctors without it on the local
    // FerretDB): the contract says null, never absent.
    photoUrl: d.photoUrl ?? null,
    available: d.acceptingBookings,
  };
}

/** What admins see: the public profile plus the private fields. */
export interface AdminDoctor extends PublicDoctor {
  email: string;
  acceptingBookings: boolean;
  userId: string | null;
  createdAt: string;
  updatedAt: string;
}

export function toAdminDoctor(d: DoctorRecord): AdminDoctor {
  return {
    ...toPublicDoctor(d),
    email: d.email,
    acceptingBookings: d.acceptingBookings,
    userId: d.userId ?? null,
    createdAt: new Date(d.createdAt).toISOString(),
    updatedAt: new Date(d.updatedAt).toISOString(),
  };
}

const text = (min: number, max: number) => Text({ min, max });

export const Address = z.strictObject({
  line1: text(1, 200),
  line2: text(0, 200)
    .optional()
    .transform((v) => (v ? v : undefined)),
  city: text(1, 100),
});

/** Same bounds as the schedule's fee (ScheduleSettings.feePaise): the two must agree. */
export const FeePaise = z.number().int().min(0).max(10_000_000);

export { IanaTimeZone };

/** The profile fields an admin gives at onboarding (the account fields are added by the route). */
export const DoctorProfileInput = z.strictObject({
  name: Text({ min: 2, max: 100, name: true }),
  speciality: text(2, 60),
  degree: text(2, 100),
  experienceYears: z.number().int().min(0).max(70),
  about: text(0, 2000),
  feePaise: FeePaise,
  address: Address,
  timeZone: IanaTimeZone,
});

/**
 * What a doctor may change on their own profile, and nothing else: an unknown field (a role, an
 * email, a name, a speciality) is a 400, never silently ignored or applied.
 */
export const DoctorProfilePatch = z
  .strictObject({
    feePaise: FeePaise.optional(),
    about: text(0, 2000).optional(),
    address: Address.optional(),
    acceptingBookings: z.boolean().optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), "must change at least one field");
export type DoctorProfilePatch = z.output<typeof DoctorProfilePatch>;

/** Doctor ids are derived from the slug so that seeding and onboarding are idempotent. */
export function doctorIdFromSlug(slug: string): string {
  return `doc_${slug}`;
}

export function slugify(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/^dr\.?\s+/, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** The slug a new doctor gets: from the name, with a suffix when that slug is taken (or the name has no letters). */
export function doctorSlug(name: string, suffix?: string): string {
  const base = slugify(name).slice(0, 48).replace(/-+$/, "") || "doctor";
  return suffix ? `${base}-${suffix}` : base;
}

/** The profile fields a doctor (or an admin, for the photo) may change after onboarding. */
export type DoctorProfileChange = Partial<
  Pick<DoctorRecord, "feePaise" | "about" | "address" | "acceptingBookings" | "photoUrl">
>;
