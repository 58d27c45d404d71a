/**
 * FHIR ids are 1-64 characters of [A-Za-z0-9.-]; ours hold `_` (doc_…) and appointment ids can
 * be longer than 64. The FHIR id is derived deterministically and never parsed back: a search
 * resolves it by deriving the id of each candidate (the clinic's doctors) and comparing.
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

export const scheduleIdOf = (doctorId: string) => fhirId(doctorId);
export const practitionerIdOf = (doctorId: string) => fhirId(doctorId);
export const appointmentIdOf = (appointmentId: string) => fhirId(appointmentId);
export const slotIdOf = (doctorId: string, startIso: string) => fhirId(`${doctorId}.${Date.parse(startIso)}`);

/** `Type/id` or a bare `id` (FHIR allows both in reference search params); null for another type. */
export function referencedId(value: string, type: string): string | null {
  const slash = value.lastIndexOf("/");
  if (slash === -1) return value;
  const before = value.slice(0, slash);
  const kind = before.slice(before.lastIndexOf("/") + 1);
  return kind === type ? value.slice(slash + 1) : null;
}
