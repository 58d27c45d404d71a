import { z } from "zod";
import { parseRateLimitSpec } from "../lib/rate-limit-spec.ts";
import { slugify } from "./doctor.ts";
import { Text } from "./text.ts";

/** A clinic as stored in MongoDB: it books through the API for its own doctors only. */
export interface ClinicRecord {
  _id: string;
  slug: string;
  name: string;
  doctorIds: string[];
  createdAt: Date;
  updatedAt: Date;
}

/**
 * What a clinic API key may do, chosen when it is issued: read availability (its doctors, their
 * free slots and days), book (`appointments:write`), cancel and reschedule (`appointments:manage`),
 * administer its webhooks (`webhooks:manage`).
 */
export const API_KEY_SCOPES = [
  "availability:read",
  "appointments:write",
  "appointments:manage",
  "webhooks:manage",
] as const;
export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;
/**
 * The scopes of a key issued without a choice, and of every key stored before scopes existed:
 * exactly what such a key could do then (read, book, cancel/reschedule); webhooks need asking for.
 */
export const DEFAULT_API_KEY_SCOPES: readonly ApiKeyScope[] = [
  "availability:read",
  "appointments:write",
  "appointments:manage",
];

/** A clinic API key as stored: only the SHA-256 of the key, never the key. */
export interface ApiKeyRecord {
  _id: string;
  clinicId: string;
  name: string;
  /** The visible part of the key (`pe_<prefix>_…`), so people can tell their keys apart. */
  prefix: string;
  /** SHA-256 of the whole key, hex. Unique. */
  hash: string;
  /** Absent on keys stored before scopes existed: they have DEFAULT_API_KEY_SCOPES. */
  scopes?: ApiKeyScope[];
  /** The key's own quota ("<count>/<window>"); absent: the configured RATE_LIMIT_API_KEY. */
  rateLimit?: string;
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface ClinicView {
  id: string;
  slug: string;
  name: string;
  doctorIds: string[];
  createdAt: string;
  updatedAt: string;
}

export interface ApiKeyView {
  id: string;
  clinicId: string;
  name: string;
  prefix: string;
  scopes: ApiKeyScope[];
  /** The key's own quota, or null for the configured default. */
  rateLimit: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export function toClinicView(c: ClinicRecord): ClinicView {
  return {
    id: c._id,
    slug: c.slug,
    name: c.name,
    doctorIds: [...c.doctorIds].sort(),
    createdAt: new Date(c.createdAt).toISOString(),
    updatedAt: new Date(c.updatedAt).toISOString(),
  };
}

/** Never includes the hash: it is as good as the key for looking one up. */
export function toApiKeyView(k: ApiKeyRecord): ApiKeyView {
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    id: k._id,
    clinicId: k.clinicId,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes ? [...k.scopes] : [...DEFAULT_API_KEY_SCOPES],
    rateLimit: k.rateLimit ?? null,
    createdAt: new Date(k.createdAt).toISOString(),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
  };
}

const CLINIC_ID = /^cln_[a-z0-9]{20}$/;
const API_KEY_ID = /^key_[a-z0-9]{20}$/;

export function isClinicId(value: string): boolean {
  return CLINIC_ID.test(value);
}

export function isApiKeyId(value: string): boolean {
  return API_KEY_ID.test(value);
}

/** Random lowercase base-36 text from the given bytes (one character per byte; bias is irrelevant for ids). */
export function base36(random: Uint8Array): string {
  let out = "";
  for (const b of random) out += (b % 36).toString(36);
  return out;
}

export const newClinicId = (random: Uint8Array) => `cln_${base36(random).slice(0, 20).padEnd(20, "0")}`;
export const newApiKeyId = (random: Uint8Array) => `key_${base36(random).slice(0, 20).padEnd(20, "0")}`;

export const ClinicInput = z.strictObject({
  name: Text({ min: 2, max: 100, name: true }),
});

export function clinicSlug(name: string): string {
  return slugify(name).slice(0, 64).replace(/-+$/, "") || "clinic";
}

/** A key's own quota, e.g. "100/1m": a count and a window of 1 s to 7 d. */
export const ApiKeyRateLimit = z
  .string()
  .max(20)
  .refine((text) => parseRateLimitSpec(text) !== null, 'must look like "100/1m" (units s, m, h, d)');

/** A label so people can tell a clinic's keys apart. */
export const ApiKeyInput = z
  .strictObject({
    name: Text({ min: 1, max: 100, name: true }).default("default"),
    scopes: z
      .array(ApiKeyScope)
      .min(1)
      .max(API_KEY_SCOPES.length)
      .refine((s) => new Set(s).size === s.length, "must not repeat a scope")
      .default([...DEFAULT_API_KEY_SCOPES]),
    rateLimit: ApiKeyRateLimit.optional(),
  })
  .default({ name: "default", scopes: [...DEFAULT_API_KEY_SCOPES] });

/**
 * A clinic's own reference for a patient it books for (its record number). The appointment's
 * patient id is scoped to the clinic, so one clinic can never act as another clinic's patient.
 */
export const PatientRef = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "1-64 characters of A-Z a-z 0-9 _ . -");

export function clinicPatientId(clinicId: string, patientRef: string): string {
  return `${clinicId}:${patientRef}`;
}
