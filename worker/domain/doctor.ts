/** A doctor as stored in MongoDB (the system of record). Money is integer paise. */
export interface DoctorRecord {
  _id: string;
  slug: string;
  name: string;
  email: string;
  speciality: string;
  degree: string;
  experienceYears: number;
  about: string;
  feePaise: number;
  currency: "INR";
  address: { line1: string; line2?: string; city: string };
  timeZone: string;
  photoUrl: string | null;
  acceptingBookings: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** What anyone may see: never the email or other private fields. */
export interface PublicDoctor {
  id: string;
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
    photoUrl: d.photoUrl,
    available: d.acceptingBookings,
  };
}

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
