import { APPOINTMENT_ID } from "../domain/appointment.ts";

/**
 * FHIR ids are 1-64 characters of [A-Za-z0-9.-]; ours hold `_` (doc_…) and appointment ids can
 * be longer than 64. The FHIR id is derived deterministically and never parsed back alone: a
 * search or a read resolves it by deriving the id of each candidate (the calling clinic's
 * doctors) and comparing, so an id names nothing outside the clinic. Slot and appointment ids
 * too long to keep in full name their doctor by a hash, which the candidates resolve the same way.
 */
const FHIR_ID = /^[A-Za-z0-9.-]{1,64}$/;

export function isFhirId(value: string): boolean {
  return FHIR_ID.test(value);
}

export function fhirId(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9.-]/g, "-");
  if (cleaned.length > 0 && cleaned.length <= 64) return cleaned;
  return `${cleaned.slice(0, 47)}.${fnv1a64(raw)}`;
}

/** 64-bit FNV-1a as 16 hex digits: a stable, short suffix (not a security boundary). */
function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

const clean = (raw: string) => raw.replace(/[^A-Za-z0-9.-]/g, "-");
/** A doctor id that would not fit: 16 hex digits (never the shape of a doctor id, doc-…). */
const shortDoctor = (doctorId: string, room: number) => {
  const plain = clean(doctorId);
  return plain.length <= room ? plain : fnv1a64(doctorId);
};

export const scheduleIdOf = (doctorId: string) => fhirId(doctorId);
export const practitionerIdOf = (doctorId: string) => fhirId(doctorId);

export function appointmentIdOf(appointmentId: string): string {
  const m = APPOINTMENT_ID.exec(appointmentId);
  if (!m) return fhirId(appointmentId);
  const [, doctorId, suffix] = m as unknown as [string, string, string];
  return `apt.${shortDoctor(doctorId, 64 - 5 - suffix.length)}.${suffix}`;
}

export const slotIdOf = (doctorId: string, startIso: string) => slotIdAt(doctorId, Date.parse(startIso));

function slotIdAt(doctorId: string, startMs: number): string {
  const ms = String(startMs);
  return `${shortDoctor(doctorId, 64 - 1 - ms.length)}.${ms}`;
}

/** The doctor among `doctorIds` whose Schedule/Practitioner id this is, or null. */
export function resolveDoctorId(id: string, doctorIds: readonly string[]): string | null {
  return doctorIds.find((d) => fhirId(d) === id) ?? null;
}

/** The doctor (among `doctorIds`) and start instant a Slot id names, or null. */
export function resolveSlotId(id: string, doctorIds: readonly string[]): { doctorId: string; startMs: number } | null {
  const ms = /\.(\d{1,15})$/.exec(id)?.[1];
  if (!ms) return null;
  const startMs = Number(ms);
  const doctorId = doctorIds.find((d) => slotIdAt(d, startMs) === id);
  return doctorId ? { doctorId, startMs } : null;
}

/** Our appointment id behind a FHIR Appointment id, when its doctor is among `doctorIds`. */
export function resolveAppointmentId(id: string, doctorIds: readonly string[]): string | null {
  const suffix = /^apt\..+\.([a-z0-9]{16,32})$/.exec(id)?.[1];
  if (!suffix) return null;
  const raw = doctorIds.map((d) => `apt.${d}.${suffix}`).find((candidate) => appointmentIdOf(candidate) === id);
  return raw ?? null;
}

/** `Type/id` or a bare `id` (FHIR allows both in reference search params); null for another type. */
export function referencedId(value: string, type: string): string | null {
  const slash = value.lastIndexOf("/");
  if (slash === -1) return value;
  const before = value.slice(0, slash);
  const kind = before.slice(before.lastIndexOf("/") + 1);
  return kind === type ? value.slice(slash + 1) : null;
}
