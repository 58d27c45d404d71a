import { z } from "@hono/zod-openapi";
import type { TokenPair } from "../../kernel/auth/token-pair.ts";
import { Appointment } from "../../kernel/domain/appointment.ts";
import { ApiKeyScope, type ApiKeyView, type ClinicView } from "../../kernel/domain/clinic.ts";
import type { AdminDoctor, PublicDoctor } from "../../kernel/domain/doctor.ts";
import { ScheduleSettings } from "../../kernel/domain/schedule.ts";
import type { Slot } from "../../kernel/domain/slots.ts";
import type { UserProfile } from "../../kernel/domain/user.ts";

/**
 * The response bodies' shapes, as the document publishes them. The views are built by the
 * kernel's mappers (toPublicDoctor, toClinicView…); `Same` below makes the compiler refuse a
 * schema that drifts from the type its mapper returns.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <A, B>(proof: Same<A, B>) => proof;

const Iso = z.iso.datetime();

// Kernel schemas may be built before @hono/zod-openapi extends zod (module order), so they lack
// `.openapi()`: a fresh object over the same shape is named instead.
export const AppointmentView = z.object(Appointment.shape).openapi("Appointment");
export const ScheduleSettingsView = z.object(ScheduleSettings.shape).openapi("ScheduleSettings");

const Address = z.object({ line1: z.string(), line2: z.string().optional(), city: z.string() });
const publicDoctorShape = {
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  speciality: z.string(),
  degree: z.string(),
  experienceYears: z.number().int(),
  about: z.string(),
  feePaise: z.number().int().openapi({ description: "Integer paise (₹1 = 100)" }),
  currency: z.literal("INR"),
  address: Address,
  timeZone: z.string(),
  photoUrl: z.string().nullable(),
  available: z.boolean(),
};
export const PublicDoctorView = z.object(publicDoctorShape).openapi("PublicDoctor");
export const AdminDoctorView = z
  .object({
    ...publicDoctorShape,
    email: z.string(),
    acceptingBookings: z.boolean(),
    userId: z.string().nullable(),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .openapi("AdminDoctor");

export const SlotView = z
  .object({ start: Iso, end: Iso, localDate: z.string(), localStart: z.string(), localEnd: z.string() })
  .openapi("Slot");

export const ClinicViewSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    doctorIds: z.array(z.string()),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .openapi("Clinic");

export const ApiKeyViewSchema = z
  .object({
    id: z.string(),
    clinicId: z.string(),
    name: z.string(),
    prefix: z.string(),
    scopes: z.array(ApiKeyScope),
    rateLimit: z.string().nullable(),
    createdAt: Iso,
    lastUsedAt: Iso.nullable(),
    revokedAt: Iso.nullable(),
  })
  .openapi("ApiKey");

export const ProfileView = z
  .object({
    id: z.string(),
    role: z.enum(["patient", "doctor"]),
    email: z.string(),
    name: z.string(),
    phone: z.string().nullable(),
    timeZone: z.string().nullable().openapi({ description: "IANA zone the person reads times in (null: unknown)" }),
    doctorId: z.string().nullable(),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .openapi("Profile");

export const TokenPairView = z
  .object({
    tokenType: z.literal("Bearer"),
    accessToken: z.string(),
    expiresIn: z.number().int(),
    refreshToken: z.string(),
    refreshExpiresIn: z.number().int(),
  })
  .openapi("TokenPair");

export const AppointmentBody = z.object({ appointment: AppointmentView });

export const drift = [
  same<z.infer<typeof PublicDoctorView>, PublicDoctor>(true),
  same<z.infer<typeof AdminDoctorView>, AdminDoctor>(true),
  same<z.infer<typeof SlotView>, Slot>(true),
  same<z.infer<typeof ClinicViewSchema>, ClinicView>(true),
  same<z.infer<typeof ApiKeyViewSchema>, ApiKeyView>(true),
  same<z.infer<typeof ProfileView>, UserProfile>(true),
  same<z.infer<typeof TokenPairView>, TokenPair>(true),
];
