import { bodyLimit } from "hono/body-limit";
import { methodNotAllowed } from "hono/method-not-allowed";
import { AppError, envelope } from "../kernel/lib/errors.ts";
import { requestIdOf } from "../kernel/lib/request-id.ts";
import { DOCS_PATH, docsPage } from "./docs/docs-page.ts";
import { requestContext } from "./middleware/context.ts";
import { onError, onNotFound } from "./middleware/error-handler.ts";
import { securityHeaders } from "./middleware/security-headers.ts";
import { noStoreByDefault, strictUtf8Body } from "./middleware/strict-body.ts";
import { OPENAPI_PATH, openApiDocument } from "./openapi/document.ts";
import { routeApp } from "./openapi/route-app.ts";
import { adminClinicsRoutes } from "./routes/admin-clinics.routes.ts";
import { adminDeadLettersRoutes } from "./routes/admin-dead-letters.routes.ts";
import { adminDoctorsRoutes } from "./routes/admin-doctors.routes.ts";
import { adminPaymentsRoutes } from "./routes/admin-payments.routes.ts";
import { appointmentsRoutes } from "./routes/appointments.routes.ts";
import { authRoutes } from "./routes/auth.routes.ts";
import { calendarFeedRoutes, doctorFeedRoutes, patientFeedRoutes } from "./routes/calendar.routes.ts";
import { clinicRoutes } from "./routes/clinic.routes.ts";
import { clinicAppointmentsRoutes } from "./routes/clinic-appointments.routes.ts";
import { clinicPatientsRoutes } from "./routes/clinic-patients.routes.ts";
import { clinicWebhooksRoutes } from "./routes/clinic-webhooks.routes.ts";
import { doctorSelfRoutes } from "./routes/doctor-self.routes.ts";
import { doctorsRoutes } from "./routes/doctors.routes.ts";
import { FHIR_BASE_PATH, fhirRoutes } from "./routes/fhir.routes.ts";
import { healthRoutes } from "./routes/health.routes.ts";
import { linkRoutes } from "./routes/links.routes.ts";
import { meRoutes } from "./routes/me.routes.ts";
import { paymentsRoutes, webhooksRoutes } from "./routes/payments.routes.ts";
import { photosRoutes } from "./routes/photos.routes.ts";
import { schedulesRoutes } from "./routes/schedules.routes.ts";
import { wellKnownRoutes } from "./routes/well-known.routes.ts";

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const PHOTO_UPLOAD = /^\/api\/v1\/(doctor|admin\/doctors\/[^/]+)\/photo$/;

export function createApp() {
  const app = routeApp();

  app.use("*", securityHeaders());
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
  app.use("*", strictUtf8Body());
  app.use("/api/*", noStoreByDefault());
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

  // One file per resource (worker/http/routes); each declares its routes with createRoute.
  app.route("/api/health", healthRoutes);
  app.route("/api/v1/auth", authRoutes);
  app.route("/api/v1/doctors", doctorsRoutes);
  app.route("/api/v1/doctors", schedulesRoutes);
  app.route("/api/v1/appointments", appointmentsRoutes);
  app.route("/api/v1/appointments", paymentsRoutes);
  app.route("/api/v1/webhooks", webhooksRoutes);
  app.route("/api/v1/me", meRoutes);
  app.route("/api/v1/me", patientFeedRoutes);
  app.route("/api/v1/doctor", doctorSelfRoutes);
  app.route("/api/v1/doctor", doctorFeedRoutes);
  app.route("/api/v1/calendar", calendarFeedRoutes);
  // Reminder links' pages: HTML for people, not part of the JSON API.
  app.route("/appointment-links", linkRoutes);
  app.route("/api/v1/photos", photosRoutes);
  app.route("/api/v1/clinic", clinicRoutes);
  app.route("/api/v1/clinic", clinicPatientsRoutes);
  app.route("/api/v1/clinic", clinicAppointmentsRoutes);
  app.route("/api/v1/clinic/webhooks", clinicWebhooksRoutes);
  app.route(FHIR_BASE_PATH, fhirRoutes);
  app.route("/api/v1/admin/doctors", adminDoctorsRoutes);
  app.route("/api/v1/admin/clinics", adminClinicsRoutes);
  app.route("/api/v1/admin/dead-letters", adminDeadLettersRoutes);
  app.route("/api/v1/admin", adminPaymentsRoutes);
  app.route("/.well-known", wellKnownRoutes);
  // The API described by its own route definitions (public: it holds no data).
  app.get(OPENAPI_PATH, (c) => c.json(openApiDocument(app), 200, { "Cache-Control": "public, max-age=300" }));
  // Its reference docs, rendered in the browser from that document (assets served by us, offline).
  app.get(DOCS_PATH, docsPage());

  app.notFound(onNotFound);
  app.onError(onError);
  return app;
}

export type App = ReturnType<typeof createApp>;
