import { Hono } from "hono";
import { mongoGateway, unwrap } from "../adapters/mongo-gateway.ts";
import { DoctorProfilePatch, toAdminDoctor } from "../domain/doctor.ts";
import { AppError } from "../lib/errors.ts";
import { validate } from "../lib/validate.ts";
import { type Caller, requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { replaceDoctorPhoto } from "../services/doctor-photo.ts";
import { applyDoctorProfileChange } from "../services/doctor-profile.ts";
import type { AppEnv } from "../types.ts";

const noStore = { "Cache-Control": "private, no-store" };

function ownDoctorId(caller: Caller): string {
  if (!caller.doctorId) throw new AppError("NOT_FOUND", "Doctor not found");
  return caller.doctorId;
}

/**
 * The signed-in doctor's own profile. Only the doctor id in their token is ever used: there is
 * no id in the path or the body to point at another doctor.
 */
export const doctorProfileRoutes = new Hono<AppEnv>()
  .get("/profile", requireRole("doctor"), async (c) => {
    const doctorId = ownDoctorId(c.get("caller"));
    const doctor = unwrap(await mongoGateway(c.env, c.get("config"), doctorId).findDoctor({ id: doctorId }));
    if (!doctor) throw new AppError("NOT_FOUND", "Doctor not found");
    return c.json({ doctor: toAdminDoctor(doctor) }, 200, noStore);
  })
  // Fee, about, address and whether bookings are accepted; any other field is a 400.
  .patch("/profile", requireRole("doctor"), idempotent(), validate("json", DoctorProfilePatch), async (c) => {
    const doctorId = ownDoctorId(c.get("caller"));
    const { after } = await applyDoctorProfileChange(c, doctorId, c.req.valid("json"));
    return c.json({ doctor: toAdminDoctor(after) }, 200, noStore);
  })
  .put("/photo", requireRole("doctor"), async (c) => {
    const { photoUrl } = await replaceDoctorPhoto(c, ownDoctorId(c.get("caller")));
    return c.json({ photoUrl }, 200, noStore);
  });
