import { Hono } from "hono";
import { z } from "zod";
import { mongoGateway, unwrap } from "../adapters/mongo-gateway.ts";
import { Email, Password, refusePersonalPassword } from "../auth/password-policy.ts";
import { isDoctorId } from "../domain/appointment.ts";
import { DoctorProfileInput, toAdminDoctor } from "../domain/doctor.ts";
import { ScheduleSettings } from "../domain/schedule.ts";
import { AppError } from "../lib/errors.ts";
import { validate } from "../lib/validate.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { onboardDoctor } from "../services/doctor-onboarding.ts";
import { replaceDoctorPhoto } from "../services/doctor-photo.ts";
import type { AppEnv } from "../types.ts";

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
  .superRefine(refusePersonalPassword());

const ListQuery = z.object({
  speciality: z.string().trim().min(1).max(60).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

const noStore = { "Cache-Control": "no-store" };

/** Admin onboarding and views of doctors, with their private fields. Admin only. */
export const adminDoctorsRoutes = new Hono<AppEnv>()
  .use("*", requireRole("admin"))
  .post("/", idempotent(), validate("json", OnboardBody), async (c) => {
    const body = c.req.valid("json");
    const { doctor, userId, scheduleVersion, resumed } = await onboardDoctor(c, body);
    return c.json(
      { doctor: toAdminDoctor(doctor), account: { userId, email: doctor.email }, scheduleVersion, resumed },
      201,
      { ...noStore, Location: `/api/v1/admin/doctors/${doctor._id}` },
    );
  })
  .get("/", validate("query", ListQuery), async (c) => {
    const { speciality, limit } = c.req.valid("query");
    const doctors = unwrap(
      await mongoGateway(c.env, c.get("config")).listDoctorRecords({ limit, ...(speciality ? { speciality } : {}) }),
    );
    return c.json({ doctors: doctors.map(toAdminDoctor) }, 200, noStore);
  })
  .get("/:doctorId", async (c) => {
    const doctorId = c.req.param("doctorId");
    if (!isDoctorId(doctorId)) throw new AppError("NOT_FOUND", "Doctor not found");
    const doctor = unwrap(await mongoGateway(c.env, c.get("config"), doctorId).findDoctor({ id: doctorId }));
    if (!doctor) throw new AppError("NOT_FOUND", "Doctor not found");
    return c.json({ doctor: toAdminDoctor(doctor) }, 200, noStore);
  })
  // The photo an admin sets at onboarding (doctors replace it themselves at PUT /api/v1/doctor/photo).
  .put("/:doctorId/photo", async (c) => {
    const doctorId = c.req.param("doctorId");
    if (!isDoctorId(doctorId)) throw new AppError("NOT_FOUND", "Doctor not found");
    return c.json(await replaceDoctorPhoto(c, doctorId), 200, noStore);
  });
