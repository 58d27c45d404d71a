import { Hono } from "hono";
import { z } from "zod";
import { Email, Password, refusePersonalPassword } from "../../kernel/auth/password-policy.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { isDoctorId } from "../../kernel/domain/appointment.ts";
import { DoctorProfileInput, toAdminDoctor } from "../../kernel/domain/doctor.ts";
import { ScheduleSettings } from "../../kernel/domain/schedule.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { onboardDoctor } from "../../kernel/services/doctor-onboarding.ts";
import { replaceDoctorPhoto } from "../../kernel/services/doctor-photo.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

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
    const { doctor, userId, scheduleVersion, resumed } = await onboardDoctor(c.get("deps"), body);
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
    return c.json(
      await replaceDoctorPhoto(c.get("deps"), doctorId, {
        contentType: c.req.header("Content-Type"),
        body: () => c.req.arrayBuffer(),
      }),
      200,
      noStore,
    );
  });
