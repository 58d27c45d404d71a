import { Hono } from "hono";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { DoctorProfilePatch, toAdminDoctor } from "../../kernel/domain/doctor.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { replaceDoctorPhoto } from "../../kernel/services/doctor-photo.ts";
import { applyDoctorProfileChange } from "../../kernel/services/doctor-profile.ts";
import { type Caller, requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

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
    const { after } = await applyDoctorProfileChange(c.get("deps"), doctorId, c.req.valid("json"));
    return c.json({ doctor: toAdminDoctor(after) }, 200, noStore);
  })
  .put("/photo", requireRole("doctor"), async (c) => {
    const { photoUrl } = await replaceDoctorPhoto(c.get("deps"), ownDoctorId(c.get("caller")), {
      contentType: c.req.header("Content-Type"),
      body: () => c.req.arrayBuffer(),
    });
    return c.json({ photoUrl }, 200, noStore);
  });
