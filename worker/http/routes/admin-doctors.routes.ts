import { createRoute, z } from "@hono/zod-openapi";
import { Email, Password, refusePersonalPassword } from "../../kernel/auth/password-policy.ts";
import { doctorSchedule } from "../../kernel/clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { DoctorProfileInput, toAdminDoctor } from "../../kernel/domain/doctor.ts";
import { ScheduleSettings } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { onboardDoctor } from "../../kernel/services/doctor-onboarding.ts";
import { replaceDoctorPhoto } from "../../kernel/services/doctor-photo.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { DoctorParams, IdempotencyHeaders } from "../openapi/params.ts";
import { PhotoUrl, photoUploadBody } from "../openapi/photo-upload.ts";
import { specialityFilter } from "../openapi/queries.ts";
import { routeApp } from "../openapi/route-app.ts";
import { AdminDoctorView, AppointmentView } from "../openapi/views.ts";

/** The initial schedule: the weekly rules; zone, fee and accepting bookings come from the profile. */
const InitialSchedule = z.strictObject(
  ScheduleSettings.omit({ timeZone: true, feePaise: true, acceptingBookings: true }).shape,
);

const OnboardBody = z
  .strictObject({
    ...DoctorProfileInput.shape,
    email: Email,
    password: Password,
    acceptingBookings: z.boolean().default(true),
    schedule: InitialSchedule.optional(),
  })
  .superRefine(refusePersonalPassword())
  .openapi("DoctorOnboarding");

const ListQuery = z.object({
  speciality: specialityFilter,
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const adminOnly = requireRole("admin");
const errors = { ...commonErrors, ...authErrors };
const DoctorBody = z.object({ doctor: AdminDoctorView });

const onboard = createRoute({
  method: "post",
  path: "/",
  tags: ["admin"],
  summary: "Onboard a doctor: profile, login account and first schedule (resumable)",
  security: bearer,
  middleware: [adminOnly, idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(OnboardBody) },
  responses: {
    201: json(
      z.object({
        doctor: AdminDoctorView,
        account: z.object({ userId: z.string(), email: z.string() }),
        scheduleVersion: z.number().int().nullable(),
        resumed: z.boolean(),
      }),
      "Onboarded (or an earlier, interrupted onboarding finished)",
    ),
    ...errors,
    ...idempotencyErrors,
  },
});

const list = createRoute({
  method: "get",
  path: "/",
  tags: ["admin"],
  summary: "Doctors with their private fields",
  security: bearer,
  middleware: [adminOnly] as const,
  request: { query: ListQuery },
  responses: { 200: json(z.object({ doctors: z.array(AdminDoctorView) }), "The doctors"), ...errors },
});

const read = createRoute({
  method: "get",
  path: "/{doctorId}",
  tags: ["admin"],
  summary: "One doctor with private fields",
  security: bearer,
  middleware: [adminOnly] as const,
  request: { params: DoctorParams },
  responses: { 200: json(DoctorBody, "The doctor"), ...errors },
});

const photo = createRoute({
  method: "put",
  path: "/{doctorId}/photo",
  tags: ["admin"],
  summary: "Set a doctor's photo (doctors replace it themselves at PUT /api/v1/doctor/photo)",
  security: bearer,
  middleware: [adminOnly, idempotent()] as const,
  request: { params: DoctorParams, headers: IdempotencyHeaders, body: photoUploadBody },
  responses: { 200: json(PhotoUrl, "Where the new photo is served"), ...errors, ...idempotencyErrors },
});

const ledger = createRoute({
  method: "get",
  path: "/{doctorId}/ledger",
  tags: ["admin"],
  summary: "One doctor's ledger straight from its DO, with the changes MongoDB has not confirmed",
  security: bearer,
  middleware: [adminOnly] as const,
  request: { params: DoctorParams },
  responses: {
    200: json(
      z.object({ doctorId: z.string(), appointments: z.array(AppointmentView), outboxPending: z.number().int() }),
      "The ledger",
    ),
    ...errors,
  },
});

/** Admin onboarding and views of doctors, with their private fields. Admin only. */
export const adminDoctorsRoutes = routeApp()
  .openapi(onboard, async (c) => {
    const { doctor, userId, scheduleVersion, resumed } = await onboardDoctor(c.get("deps"), c.req.valid("json"));
    return c.json(
      { doctor: toAdminDoctor(doctor), account: { userId, email: doctor.email }, scheduleVersion, resumed },
      201,
      { Location: `/api/v1/admin/doctors/${doctor._id}` },
    );
  })
  .openapi(list, async (c) => {
    const { speciality, limit } = c.req.valid("query");
    const doctors = unwrap(
      await mongoGateway(c.env, c.get("config")).listDoctorRecords({ limit, ...(speciality ? { speciality } : {}) }),
    );
    return c.json({ doctors: doctors.map(toAdminDoctor) }, 200);
  })
  .openapi(read, async (c) => {
    const { doctorId } = c.req.valid("param");
    const doctor = unwrap(await mongoGateway(c.env, c.get("config"), doctorId).findDoctor({ id: doctorId }));
    if (!doctor) throw new AppError("NOT_FOUND", "Doctor not found");
    return c.json({ doctor: toAdminDoctor(doctor) }, 200);
  })
  .openapi(photo, async (c) => {
    const { doctorId } = c.req.valid("param");
    const result = await replaceDoctorPhoto(c.get("deps"), doctorId, {
      contentType: c.req.header("Content-Type"),
      body: () => c.req.arrayBuffer(),
    });
    return c.json(result, 200);
  })
  .openapi(ledger, async (c) => {
    const { doctorId } = c.req.valid("param");
    const snapshot = await doctorSchedule(c.env, doctorId).ledgerSnapshot();
    return c.json({ doctorId, ...snapshot }, 200);
  });
