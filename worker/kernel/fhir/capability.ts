import { DEFAULT_COUNT, MAX_COUNT } from "./search-params.ts";
import {
  DEFAULT_SLOT_WINDOW_DAYS,
  MAX_SLOT_AHEAD_DAYS,
  MAX_SLOT_SCHEDULES_PER_PAGE,
  MAX_SLOT_WINDOW_DAYS,
  SLOT_SEARCH_OUT_OF_BOUNDS,
} from "./searches.ts";
import { FHIR_APPOINTMENT_STATUSES } from "./status.ts";

/** Changes with what the view supports, not per request. */
const RELEASED = "2026-11-30";

const param = (name: string, type: string, documentation: string) => ({ name, type, documentation });
const paging = [
  param("_count", "number", `Page size, default ${DEFAULT_COUNT}, at most ${MAX_COUNT}`),
  param("_page", "string", "Opaque token from a Bundle's next link"),
];
const searchAndRead = [{ code: "read" }, { code: "search-type" }];

/**
 * Exactly what this view answers: reads by id of four resources, searches of three with these
 * parameters. Anything else is refused with an OperationOutcome (unknown parameters are 400, not
 * silently ignored; another clinic's ids are 404, as if they did not exist).
 */
export function capabilityStatement(base: string) {
  return {
    resourceType: "CapabilityStatement",
    id: "prescripto-edge",
    name: "PrescriptoEdgeClinicView",
    title: "Prescripto Edge: read-only FHIR R4 view for clinics",
    status: "active",
    date: RELEASED,
    publisher: "Prescripto Edge",
    kind: "instance",
    implementation: { description: "Schedules, slots and appointments of a clinic's doctors", url: base },
    fhirVersion: "4.0.1",
    format: ["application/fhir+json", "json"],
    rest: [
      {
        mode: "server",
        documentation:
          "Read-only. Dates without a zone are UTC days. Every search answers a searchset Bundle; a read answers the resource.",
        security: {
          service: [
            {
              coding: [{ system: "http://terminology.hl7.org/CodeSystem/restful-security-service", code: "OAuth" }],
              text: "Bearer clinic API key (pe_…) with the availability:read scope",
            },
          ],
          description:
            "Authorization: Bearer <clinic API key>. A clinic sees only its own doctors and its own bookings.",
        },
        resource: [
          {
            type: "Practitioner",
            documentation: "A doctor attached to the calling clinic (the actor of its Schedule and Appointments)",
            interaction: [{ code: "read" }],
          },
          {
            type: "Schedule",
            documentation: "One per doctor attached to the calling clinic",
            interaction: searchAndRead,
            searchParam: [param("actor", "reference", "Practitioner/<id>"), ...paging],
          },
          {
            type: "Slot",
            documentation: `Free and busy slots computed from the doctors' schedules; a window of at most ${MAX_SLOT_WINDOW_DAYS} days (default: the next ${DEFAULT_SLOT_WINDOW_DAYS}) starting within ${MAX_SLOT_AHEAD_DAYS} days; ${MAX_SLOT_SCHEDULES_PER_PAGE} schedules per page at most, each page in start order (a window outside these bounds: 400 ${SLOT_SEARCH_OUT_OF_BOUNDS})`,
            interaction: searchAndRead,
            searchParam: [
              param("schedule", "reference", "Schedule/<id>"),
              param("start", "date", "Prefixes eq, ge, gt, le, lt"),
              param("status", "token", "free | busy"),
              ...paging,
            ],
          },
          {
            type: "Appointment",
            documentation: "Appointments the calling clinic booked with its doctors",
            interaction: searchAndRead,
            searchParam: [
              param("date", "date", "Prefixes eq, ge, gt, le, lt"),
              param("actor", "reference", "Practitioner/<id> or Patient/<clinic's patient reference>"),
              param("practitioner", "reference", "Practitioner/<id>"),
              param("patient", "reference", "Patient/<clinic's patient reference>"),
              param("status", "token", FHIR_APPOINTMENT_STATUSES.join(" | ")),
              ...paging,
            ],
          },
        ],
      },
    ],
  };
}
