import { createRoute, z } from "@hono/zod-openapi";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { DoctorProfilePatch, toAdminDoctor } from "../../kernel/domain/doctor.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { patientNames } from "../../kernel/services/admin-appointments.ts";
import { replaceDoctorPhoto } from "../../kernel/services/doctor-photo.ts";
import { applyDoctorProfileChange } from "../../kernel/services/doctor-profile.ts";
import { doctorEarnings } from "../../kernel/services/money-reports.ts";
import { type Caller, requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { EarningsQuery, EarningsView } from "../openapi/money.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { PhotoUrl, photoUploadBody } from "../openapi/photo-upload.ts";
import { DateQuery } from "../openapi/queries.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AdminDoctorView, AppointmentView } from "../openapi/views.ts";

function ownDoctorId(caller: Caller): string {
  if (!caller.doctorId) throw new AppError("NOT_FOUND", "Doctor not found");
  return caller.doctorId;
}

const doctorOnly = requireRole("doctor");
const errors = { ...commonErrors, ...authErrors };
const DoctorBody = z.object({ doctor: AdminDoctorView });

const day = createRoute({
  method: "get",
  path: "/appointments",
  tags: ["doctor"],
  summary: "The signed-in doctor's day, from their Durable Object (immediate)",
  security: bearer,
  middleware: [doctorOnly] as const,
  request: { query: DateQuery },
  responses: {
    200: json(
      z.object({
        doctorId: z.string(),
        date: z.string(),
        timeZone: z.string(),
        appointments: z.array(AppointmentView),
        patients: z.record(z.string(), z.string()).openapi({ description: "Patient accounts' names by id" }),
        source: z.literal("doctor-ledger"),
      }),
      "The day's appointments",
    ),
    ...errors,
  },
});

const profile = createRoute({
  method: "get",
  path: "/profile",
  tags: ["doctor"],
  summary: "The signed-in doctor's profile, private fields included",
  security: bearer,
  middleware: [doctorOnly] as const,
  responses: { 200: json(DoctorBody, "The profile"), ...errors },
});

const patchProfile = createRoute({
  method: "patch",
  path: "/profile",
  tags: ["doctor"],
  summary: "Change fee, about, address or whether bookings are accepted (any other field is a 400)",
  security: bearer,
  middleware: [doctorOnly, idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(DoctorProfilePatch) },
  responses: { 200: json(DoctorBody, "The profile after the change"), ...errors, ...idempotencyErrors },
});

const photo = createRoute({
  method: "put",
  path: "/photo",
  tags: ["doctor"],
  summary: "Replace the signed-in doctor's photo",
  security: bearer,
  middleware: [doctorOnly, idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: photoUploadBody },
  responses: { 200: json(PhotoUrl, "Where the new photo is served"), ...errors, ...idempotencyErrors },
});

const earnings = createRoute({
  method: "get",
  path: "/earnings",
  tags: ["doctor"],
  summary: "The signed-in doctor's earnings per local day: captured payments minus refunds, in paise",
  security: bearer,
  middleware: [doctorOnly] as const,
  request: { query: EarningsQuery },
  responses: { 200: json(EarningsView, "Earnings by day, with totals"), ...errors },
});

/**
 * The signed-in doctor: their day, their profile and their photo. Only the doctor id in their
 * token is ever used: there is no id in the path or the body to point at another doctor. The day
 * is read from the doctor's Durable Object, the authoritative ledger: a doctor running their day
 * needs the booking made a second ago, not the system of record's eventually consistent copy.
 */
export const doctorSelfRoutes = routeApp()
  .openapi(day, async (c) => {
    const doctorId = c.get("caller").doctorId ?? "";
    const { date } = c.req.valid("query");
    const found = await doctorSchedule(c.env, doctorId).day(date);
    if (!found) throw new AppError("NOT_FOUND", "This doctor has no schedule yet");
    const patients = await patientNames(c.get("deps"), found.appointments);
    return c.json({ doctorId, date, ...found, patients, source: "doctor-ledger" as const }, 200, {
      "Cache-Control": "private, no-store",
    });
  })
  .openapi(profile, async (c) => {
    const doctorId = ownDoctorId(c.get("caller"));
    const doctor = unwrap(await mongoGateway(c.env, c.get("config"), doctorId).findDoctor({ id: doctorId }));
    if (!doctor) throw new AppError("NOT_FOUND", "Doctor not found");
    return c.json({ doctor: toAdminDoctor(doctor) }, 200);
  })
  .openapi(patchProfile, async (c) => {
    const doctorId = ownDoctorId(c.get("caller"));
    const { after } = await applyDoctorProfileChange(c.get("deps"), doctorId, c.req.valid("json"));
    return c.json({ doctor: toAdminDoctor(after) }, 200);
  })
  .openapi(photo, async (c) => {
    const { photoUrl } = await replaceDoctorPhoto(c.get("deps"), ownDoctorId(c.get("caller")), {
      contentType: c.req.header("Content-Type"),
      body: () => c.req.arrayBuffer(),
    });
    return c.json({ photoUrl }, 200);
  })
  .openapi(earnings, async (c) =>
    c.json(await doctorEarnings(c.get("deps"), ownDoctorId(c.get("caller")), c.req.valid("query")), 200, {
      "Cache-Control": "private, no-store",
    }),
  );
