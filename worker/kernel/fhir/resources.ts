import type { AppointmentView } from "../domain/appointment.ts";
import type { PublicDoctor } from "../domain/doctor.ts";
import { appointmentIdOf, practitionerIdOf, scheduleIdOf, slotIdOf } from "./ids.ts";
import type { BookedSlot } from "./slot-book.ts";
import { FHIR_STATUS_OF } from "./status.ts";

/** Systems for our identifiers, so a receiver can tell them from its own. */
export const APPOINTMENT_SYSTEM = "urn:prescripto:appointment";
export const DOCTOR_SYSTEM = "urn:prescripto:doctor";
/** A clinic's patient references are its own: the system names the clinic. */
export const patientSystem = (clinicId: string) => `urn:prescripto:clinic:${clinicId}:patient`;

export type Resource = { resourceType: string; id: string } & Record<string, unknown>;

const practitioner = (doctorId: string, display?: string) => ({
  reference: `Practitioner/${practitionerIdOf(doctorId)}`,
  identifier: { system: DOCTOR_SYSTEM, value: doctorId },
  ...(display ? { display } : {}),
});

/** One Schedule per doctor: the doctor's bookable time, in the doctor's zone. */
export function toSchedule(doctor: PublicDoctor): Resource {
  return {
    resourceType: "Schedule",
    id: scheduleIdOf(doctor.id),
    identifier: [{ system: DOCTOR_SYSTEM, value: doctor.id }],
    active: doctor.available,
    serviceType: [{ text: doctor.speciality }],
    actor: [practitioner(doctor.id, doctor.name)],
  };
}

/** The doctor as a Practitioner: what the public directory shows, nothing more. */
export function toPractitioner(doctor: PublicDoctor): Resource {
  return {
    resourceType: "Practitioner",
    id: practitionerIdOf(doctor.id),
    identifier: [{ system: DOCTOR_SYSTEM, value: doctor.id }],
    active: doctor.available,
    name: [{ text: doctor.name }],
    qualification: [{ code: { text: `${doctor.degree}, ${doctor.speciality}` } }],
  };
}

export function toSlot(doctorId: string, slot: BookedSlot): Resource {
  return {
    resourceType: "Slot",
    id: slotIdOf(doctorId, slot.start),
    schedule: { reference: `Schedule/${scheduleIdOf(doctorId)}` },
    status: slot.busy ? "busy" : "free",
    start: slot.start,
    end: slot.end,
  };
}

/** The patient is named only by the clinic's own reference: this view exposes no personal data. */
export function toAppointment(a: AppointmentView, clinicId: string): Resource {
  const status = FHIR_STATUS_OF[a.status];
  const patientRef = a.patientId.startsWith(`${clinicId}:`) ? a.patientId.slice(clinicId.length + 1) : a.patientId;
  const participantStatus = status === "pending" ? "tentative" : status === "cancelled" ? "declined" : "accepted";
  return {
    resourceType: "Appointment",
    id: appointmentIdOf(a.id),
    meta: { versionId: String(a.version), lastUpdated: a.updatedAt },
    identifier: [{ system: APPOINTMENT_SYSTEM, value: a.id }],
    status,
    start: a.start,
    end: a.end,
    minutesDuration: Math.round((Date.parse(a.end) - Date.parse(a.start)) / 60_000),
    created: a.createdAt,
    slot: [{ reference: `Slot/${slotIdOf(a.doctorId, a.start)}` }],
    participant: [
      { actor: practitioner(a.doctorId), required: "required", status: participantStatus },
      {
        actor: { type: "Patient", identifier: { system: patientSystem(clinicId), value: patientRef } },
        required: "required",
        status: participantStatus,
      },
    ],
  };
}

export interface SearchPage {
  selfAndNext: { relation: "self" | "next"; url: string }[];
  resources: Resource[];
  total?: number;
  /** The FHIR base URL, for each entry's fullUrl. */
  base: string;
}

export function searchBundle(page: SearchPage): Resource {
  return {
    resourceType: "Bundle",
    id: crypto.randomUUID(),
    type: "searchset",
    ...(page.total !== undefined ? { total: page.total } : {}),
    link: page.selfAndNext,
    entry: page.resources.map((resource) => ({
      fullUrl: `${page.base}/${resource.resourceType}/${resource.id}`,
      resource,
      search: { mode: "match" },
    })),
  };
}

const ISSUE_TYPE: Record<number, string> = {
  400: "invalid",
  401: "login",
  403: "forbidden",
  404: "not-found",
  405: "not-supported",
  409: "conflict",
  413: "too-long",
  415: "not-supported",
  422: "processing",
  429: "throttled",
  503: "transient",
};

/** Our error envelope as FHIR: the code stays machine-readable in details, fields as expressions. */
export function operationOutcome(
  status: number,
  error: { code: string; message: string; requestId: string; fields?: { path: string; message: string }[] },
): Resource {
  const issue = (diagnostics: string, expression?: string) => ({
    severity: status >= 500 ? "fatal" : "error",
    code: ISSUE_TYPE[status] ?? "exception",
    details: { coding: [{ system: "urn:prescripto:error-code", code: error.code }], text: error.message },
    diagnostics,
    ...(expression ? { expression: [expression] } : {}),
  });
  return {
    resourceType: "OperationOutcome",
    id: error.requestId.replace(/[^A-Za-z0-9.-]/g, "-").slice(0, 64) || "error",
    issue: error.fields?.length
      ? error.fields.map((f) => issue(`${f.path}: ${f.message}`, f.path))
      : [issue(error.message)],
  };
}
