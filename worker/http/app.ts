import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { methodNotAllowed } from "hono/method-not-allowed";
import { AppError, envelope } from "../kernel/lib/errors.ts";
import { requestIdOf } from "../kernel/lib/request-id.ts";
import { requestContext } from "./middleware/context.ts";
import { onError, onNotFound } from "./middleware/error-handler.ts";
import { adminRoutes } from "./routes/admin.routes.ts";
import { adminAppointmentsRoutes } from "./routes/admin-appointments.routes.ts";
import { adminClinicsRoutes } from "./routes/admin-clinics.routes.ts";
import { adminDoctorsRoutes } from "./routes/admin-doctors.routes.ts";
import { appointmentsRoutes } from "./routes/appointments.routes.ts";
import { authRoutes } from "./routes/auth.routes.ts";
import { clinicRoutes } from "./routes/clinic.routes.ts";
import { doctorRoutes } from "./routes/doctor.routes.ts";
import { doctorProfileRoutes } from "./routes/doctor-profile.routes.ts";
import { doctorsRoutes } from "./routes/doctors.routes.ts";
import { healthRoutes } from "./routes/health.routes.ts";
import { meRoutes } from "./routes/me.routes.ts";
import { photosRoutes } from "./routes/photos.routes.ts";
import { profileRoutes } from "./routes/profile.routes.ts";
import { scheduleRoutes } from "./routes/schedule.routes.ts";
import { slotsRoutes } from "./routes/slots.routes.ts";
import { wellKnownRoutes } from "./routes/well-known.routes.ts";
import type { AppEnv } from "./types.ts";

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const PHOTO_UPLOAD = /^\/api\/v1\/(doctor|admin\/doctors\/[^/]+)\/photo$/;

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use("*", async (c, next) => {
    const id = requestIdOf(c.req.raw);
    c.set("requestId", id);
    c.header("X-Request-Id", id);
    await next();
  });
  app.use("*", requestContext());
  app.use("*", async (c, next) => {
    // Photo uploads are the one kind of large body (PHOTO_MAX_BYTES); everything else is JSON.
    // c.get, not c.var: the latter copies every context variable into a new object per access.
    const config = c.get("config");
    const max = PHOTO_UPLOAD.test(c.req.path)
      ? (config?.PHOTO_MAX_BYTES ?? DEFAULT_MAX_BODY_BYTES)
      : (config?.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES);
    return bodyLimit({
      maxSize: max,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", `Request body exceeds ${max} bytes`);
      },
    })(c, next);
  });
  app.use(
    "*",
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        c.json(
          envelope(
            "METHOD_NOT_ALLOWED",
            `${c.req.method} is not allowed here; use ${methods.join(", ")}`,
            c.get("requestId"),
          ),
          405,
          { Allow: methods.join(", "), "Cache-Control": "no-store" },
        ),
    }),
  );

  app.route("/api/health", healthRoutes);
  app.route("/api/v1/doctors", doctorsRoutes);
  app.route("/api/v1/doctors", slotsRoutes);
  app.route("/api/v1/doctors", scheduleRoutes);
  app.route("/api/v1/appointments", appointmentsRoutes);
  app.route("/api/v1/me", meRoutes);
  app.route("/api/v1/me", profileRoutes);
  app.route("/api/v1/auth", authRoutes);
  app.route("/.well-known", wellKnownRoutes);
  app.route("/api/v1/doctor", doctorRoutes);
  app.route("/api/v1/doctor", doctorProfileRoutes);
  app.route("/api/v1/photos", photosRoutes);
  app.route("/api/v1/clinic", clinicRoutes);
  app.route("/api/v1/admin/doctors", adminDoctorsRoutes);
  app.route("/api/v1/admin/appointments", adminAppointmentsRoutes);
  app.route("/api/v1/admin/clinics", adminClinicsRoutes);
  app.route("/api/v1/admin", adminRoutes);

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
