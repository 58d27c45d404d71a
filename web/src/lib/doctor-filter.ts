// Pure filtering of the public directory (the list is small and already cached by the client).
import type { Doctor } from "../api/types";

export interface DoctorFilter {
  q: string;
  speciality: string | null;
  /** Inclusive fee bounds in paise; null = unbounded. */
  minFeePaise: number | null;
  maxFeePaise: number | null;
}

const fold = (s: string) =>
  s
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/^dr\.?\s+/, "")
    .trim();

export function filterDoctors(doctors: Doctor[], f: DoctorFilter): Doctor[] {
  const q = fold(f.q);
  return doctors.filter(
    (d) =>
      (!q || fold(d.name).includes(q)) &&
      (!f.speciality || d.speciality === f.speciality) &&
      (f.minFeePaise === null || d.feePaise >= f.minFeePaise) &&
      (f.maxFeePaise === null || d.feePaise <= f.maxFeePaise),
  );
}

/** Doctor ids in URLs are `doc_<slug>`; the site shows `/doctors/<slug>`. */
export const doctorIdOf = (slug: string) => `doc_${slug}`;
export const isSlug = (s: string) => /^[a-z0-9-]{1,64}$/.test(s);
