import { createRoute, z } from "@hono/zod-openapi";
import { Email } from "../../kernel/auth/password-policy.ts";
import { PersonName, Phone } from "../../kernel/domain/user.ts";
import { getClinicPatient, listClinicPatients, putClinicPatient } from "../../kernel/services/clinic-patients.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { requireScope } from "../middleware/scope.ts";
import { Cursor, clinicErrors, clinicJson, PageLimit, PatientRefParams } from "../openapi/clinic-api.ts";
import { bearer, jsonBody } from "../openapi/content.ts";
import { idempotencyErrors } from "../openapi/errors.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";

const PatientInput = z
  .strictObject({ name: PersonName, email: Email, phone: Phone.nullable().optional() })
  .openapi("ClinicPatientInput", {
    example: { name: "Meera Iyer", email: "meera@example.com", phone: "+91 98450 12345" },
  });

const Iso = z.iso.datetime();
const PatientView = z
  .object({
    ref: z.string(),
    patientId: z.string().openapi({ description: "The patientId the clinic's appointments carry" }),
    name: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    createdAt: Iso,
    updatedAt: Iso,
  })
  .openapi("ClinicPatient");
const PatientBody = z.object({ patient: PatientView });

// Patients are the people a key books for: the booking scope reads and writes them.
const patientScope = requireScope("appointments:write");
const clinicOnly = requireRole("clinic");

const put = createRoute({
  method: "put",
  path: "/patients/{ref}",
  tags: ["clinic"],
  summary: "Create the clinic's patient under its own reference, or update it (scope appointments:write)",
  security: bearer,
  middleware: [clinicOnly, patientScope, idempotent()] as const,
  request: { params: PatientRefParams, headers: IdempotencyHeaders, body: jsonBody(PatientInput) },
  responses: {
    200: clinicJson(PatientBody, "Updated"),
    201: clinicJson(PatientBody, "Created"),
    ...clinicErrors,
    ...idempotencyErrors,
  },
});

const get = createRoute({
  method: "get",
  path: "/patients/{ref}",
  tags: ["clinic"],
  summary: "One of the clinic's patients (scope appointments:write); another clinic's reference is 404",
  security: bearer,
  middleware: [clinicOnly, patientScope] as const,
  request: { params: PatientRefParams },
  responses: { 200: clinicJson(PatientBody, "The patient"), ...clinicErrors },
});

const list = createRoute({
  method: "get",
  path: "/patients",
  tags: ["clinic"],
  summary: "The clinic's patients by reference, a page at a time (scope appointments:write)",
  security: bearer,
  middleware: [clinicOnly, patientScope] as const,
  request: { query: z.object({ cursor: Cursor, limit: PageLimit }) },
  responses: {
    200: clinicJson(z.object({ patients: z.array(PatientView), nextCursor: z.string().nullable() }), "A page"),
    ...clinicErrors,
  },
});

/** A clinic's patients (worker/kernel/services/clinic-patients.ts): never visible to other clinics. */
export const clinicPatientsRoutes = routeApp()
  .openapi(put, async (c) => {
    const { ref } = c.req.valid("param");
    const body = c.req.valid("json");
    const { patient, created } = await putClinicPatient(c.get("deps"), c.get("caller"), ref, {
      name: body.name,
      email: body.email,
      phone: body.phone ?? null,
    });
    return created ? c.json({ patient }, 201) : c.json({ patient }, 200);
  })
  .openapi(get, async (c) => {
    const { ref } = c.req.valid("param");
    return c.json({ patient: await getClinicPatient(c.get("deps"), c.get("caller"), ref) }, 200);
  })
  .openapi(list, async (c) => {
    const { cursor, limit } = c.req.valid("query");
    return c.json(await listClinicPatients(c.get("deps"), c.get("caller"), { cursor, limit }), 200);
  });
