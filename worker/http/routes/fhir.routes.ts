import { createRoute, z } from "@hono/zod-openapi";
import type { Context, ErrorHandler } from "hono";
import { capabilityStatement } from "../../kernel/fhir/capability.ts";
import { READABLE_TYPES, type ReadableType, readResource } from "../../kernel/fhir/reads.ts";
import { operationOutcome } from "../../kernel/fhir/resources.ts";
import { type FhirRequest, searchAppointments, searchSchedules, searchSlots } from "../../kernel/fhir/service.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { requireRole } from "../middleware/auth.ts";
import { onError } from "../middleware/error-handler.ts";
import { requireScope } from "../middleware/scope.ts";
import { bearer } from "../openapi/content.ts";
import { routeApp } from "../openapi/route-app.ts";
import type { AppEnv } from "../types.ts";
import {
  Bundle,
  CapabilityStatementView,
  FHIR_JSON,
  FhirResource,
  fhirQuery,
  OperationOutcomeView,
} from "./fhir.schemas.ts";

export const FHIR_BASE_PATH = "/api/fhir/r4";

const fhir = (schema: z.ZodType, description: string) => ({ description, content: { [FHIR_JSON]: { schema } } });
const outcome = (description: string) => fhir(OperationOutcomeView, description);
const searchErrors = {
  400: outcome("A search parameter is unknown or its value is invalid"),
  401: outcome("No valid API key"),
  403: outcome("Not a clinic key, or the key lacks availability:read"),
  404: outcome("Not found"),
  500: outcome("Unexpected failure (recorded)"),
  503: outcome("A dependency is unavailable"),
};

const clinicOnly = requireRole("clinic");
const readScope = requireScope("availability:read");

const search = (type: string, params: Record<string, string>, summary: string) =>
  createRoute({
    method: "get",
    path: `/${type}`,
    tags: ["FHIR R4"],
    summary,
    security: bearer,
    middleware: [clinicOnly, readScope],
    request: { query: fhirQuery(params) },
    responses: { 200: fhir(Bundle, `A searchset Bundle of ${type} resources`), ...searchErrors },
  });

const readErrors = {
  ...searchErrors,
  404: outcome("No such resource for this clinic (another clinic's ids are not found either)"),
};
const read = (type: ReadableType) =>
  createRoute({
    method: "get",
    path: `/${type}/{id}`,
    tags: ["FHIR R4"],
    summary: `Read one ${type} by its FHIR id`,
    security: bearer,
    middleware: [clinicOnly, readScope],
    request: { params: z.object({ id: z.string().openapi({ description: `The ${type}'s FHIR id` }) }) },
    responses: { 200: fhir(FhirResource, `The ${type}`), ...readErrors },
  });

const metadata = createRoute({
  method: "get",
  path: "/metadata",
  tags: ["FHIR R4"],
  summary: "The CapabilityStatement: exactly the resources and search parameters supported",
  responses: { 200: fhir(CapabilityStatementView, "CapabilityStatement"), 500: outcome("Unexpected failure") },
});

const schedules = search("Schedule", { actor: "Practitioner/<id>" }, "One Schedule per doctor of the clinic");
const slots = search(
  "Slot",
  { schedule: "Schedule/<id>", start: "ge2026-12-01 (eq, ge, gt, le, lt)", status: "free | busy" },
  "Free and busy slots, computed on the fly (a window of at most 31 days starting within 366 days; 10 schedules per page)",
);
const appointments = search(
  "Appointment",
  {
    date: "ge2026-12-01 (eq, ge, gt, le, lt)",
    actor: "Practitioner/<id> or Patient/<patient reference>",
    practitioner: "Practitioner/<id>",
    patient: "Patient/<patient reference>",
    status: "pending | booked | fulfilled | noshow | cancelled",
  },
  "The clinic's appointments with its doctors",
);

function fhirRequest(c: Context<AppEnv>): FhirRequest {
  const url = new URL(c.req.url);
  return { url: url.toString(), base: `${url.origin}${FHIR_BASE_PATH}`, params: [...url.searchParams.entries()] };
}

// c.json keeps a Content-Type it is given: FHIR's media type, with the JSON typing routes expect.
const answer = (c: Context<AppEnv>, resource: object) =>
  c.json(resource as Record<string, never>, 200, { "Content-Type": `${FHIR_JSON}; charset=utf-8` });

/** Every failure of this view as an OperationOutcome, from the one envelope (logged as usual). */
const fhirError: ErrorHandler<AppEnv> = async (err, c) => {
  const envelope = await onError(err, c);
  const { error } = (await envelope.json()) as { error: Parameters<typeof operationOutcome>[1] };
  const headers = new Headers(envelope.headers);
  headers.set("Content-Type", `${FHIR_JSON}; charset=utf-8`);
  return new Response(JSON.stringify(operationOutcome(envelope.status, error)), { status: envelope.status, headers });
};

/**
 * A read-only FHIR R4 view for clinics (API keys with availability:read): Schedule, Slot and
 * Appointment searches answered as searchset Bundles, errors as OperationOutcome. The mapping is
 * the kernel's (worker/kernel/fhir); this file only reads the request and writes FHIR JSON.
 */
export const fhirRoutes = routeApp();
// Resource types and interactions this view does not have (e.g. history, Patient): 404 as FHIR.
fhirRoutes.use("*", async (c, next) => {
  await next();
  if (c.res.status === 404 && !c.res.headers.get("Content-Type")?.startsWith(FHIR_JSON)) {
    throw new AppError("NOT_FOUND", "This FHIR view supports only the interactions in its CapabilityStatement");
  }
});
fhirRoutes
  .openapi(metadata, (c) => answer(c, capabilityStatement(fhirRequest(c).base)))
  .openapi(schedules, async (c) => answer(c, await searchSchedules(c.get("deps"), c.get("caller"), fhirRequest(c))))
  .openapi(slots, async (c) => answer(c, await searchSlots(c.get("deps"), c.get("caller"), fhirRequest(c), Date.now())))
  .openapi(appointments, async (c) =>
    answer(c, await searchAppointments(c.get("deps"), c.get("caller"), fhirRequest(c))),
  );

for (const type of READABLE_TYPES) {
  fhirRoutes.openapi(read(type), async (c) =>
    answer(c, await readResource(c.get("deps"), c.get("caller"), type, c.req.valid("param").id)),
  );
}

fhirRoutes.onError(fhirError);
