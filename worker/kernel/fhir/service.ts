import type { Caller } from "../auth/caller.ts";
import { doctorSchedule } from "../clients/doctor-schedule.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import { type ClinicView, clinicPatientId } from "../domain/clinic.ts";
import { toPublicDoctor } from "../domain/doctor.ts";
import { callerClinic } from "../services/clinic-access.ts";
import { practitionerIdOf, scheduleIdOf } from "./ids.ts";
import { encodePageToken, pageLinks } from "./paging.ts";
import { type Resource, searchBundle, toAppointment, toSchedule, toSlot } from "./resources.ts";
import {
  MAX_SLOT_SCHEDULES_PER_PAGE,
  parseAppointmentSearch,
  parseScheduleSearch,
  parseSlotSearch,
} from "./searches.ts";
import { statusesFor } from "./status.ts";

const DAY = 86_400_000;

export interface FhirRequest {
  /** The request URL as received: self and next links repeat its parameters. */
  url: string;
  /** The FHIR base, e.g. https://host/api/fhir/r4 */
  base: string;
  params: [string, string][];
}

function bundle(req: FhirRequest, resources: Resource[], total: number | undefined, next: string | null) {
  return searchBundle({
    base: req.base,
    resources,
    ...(total !== undefined ? { total } : {}),
    selfAndNext: pageLinks(req.url, next),
  });
}

function clinicDoctors(clinic: ClinicView, ids: Set<string> | null, idOf: (doctorId: string) => string): string[] {
  return clinic.doctorIds.filter((d) => !ids || ids.has(idOf(d))).sort();
}

export async function searchSchedules(deps: Deps, caller: Caller, req: FhirRequest): Promise<Resource> {
  const search = parseScheduleSearch(req.params);
  const clinic = await callerClinic(deps, caller);
  const ids = clinicDoctors(clinic, search.practitionerIds, practitionerIdOf);
  const found = ids.length ? unwrap(await mongoGateway(deps.env, deps.config, clinic.id).findDoctorsByIds(ids)) : [];
  const schedules = found.map(toPublicDoctor).sort((a, b) => a.id.localeCompare(b.id));
  const end = search.page.o + search.count;
  const next = end < schedules.length ? encodePageToken({ o: end }) : null;
  return bundle(req, schedules.slice(search.page.o, end).map(toSchedule), schedules.length, next);
}

/**
 * Slots are computed on the fly by each doctor's Durable Object from its schedule (the same
 * rules as availability). One request asks at most MAX_SLOT_SCHEDULES_PER_PAGE doctors: their
 * window is computed per page, in start order, and paged by offset; the next doctors follow on
 * later pages (so `total` is given only when one page of doctors covers the search).
 */
export async function searchSlots(deps: Deps, caller: Caller, req: FhirRequest, nowMs: number): Promise<Resource> {
  const search = parseSlotSearch(req.params, nowMs);
  const clinic = await callerClinic(deps, caller);
  const all = clinicDoctors(clinic, search.scheduleIds, scheduleIdOf);
  const first = search.page.d ?? 0;
  // A window wholly in the past has no slots (none is bookable any more): nothing to ask.
  const doctorIds = search.ltMs <= nowMs ? [] : all.slice(first, first + MAX_SLOT_SCHEDULES_PER_PAGE);
  const afterThese = first + MAX_SLOT_SCHEDULES_PER_PAGE < all.length && search.ltMs > nowMs;
  // Local dates cover the window in any zone (offsets are within a day of UTC).
  const from = new Date(search.geMs - DAY).toISOString().slice(0, 10);
  const to = new Date(search.ltMs + DAY).toISOString().slice(0, 10);
  const books = await Promise.all(
    doctorIds.map(async (doctorId) => ({
      doctorId,
      book: await doctorSchedule(deps.env, doctorId).slotBook(from, to),
    })),
  );
  const slots = books
    .flatMap(({ doctorId, book }) => (book?.slots ?? []).map((slot) => ({ doctorId, slot })))
    .filter(({ slot }) => {
      const startMs = Date.parse(slot.start);
      if (startMs < search.geMs || startMs >= search.ltMs) return false;
      return !search.status || search.status.has(slot.busy ? "busy" : "free");
    })
    .sort((a, b) => a.slot.start.localeCompare(b.slot.start) || a.doctorId.localeCompare(b.doctorId));
  const end = search.page.o + search.count;
  const next =
    end < slots.length
      ? encodePageToken({ o: end, d: first })
      : afterThese
        ? encodePageToken({ o: 0, d: first + MAX_SLOT_SCHEDULES_PER_PAGE })
        : null;
  const resources = slots.slice(search.page.o, end).map(({ doctorId, slot }) => toSlot(doctorId, slot));
  const whole = first === 0 && !afterThese;
  return bundle(req, resources, whole ? slots.length : undefined, next);
}

/** The clinic's own bookings with its doctors, from the system of record, in start order. */
export async function searchAppointments(deps: Deps, caller: Caller, req: FhirRequest): Promise<Resource> {
  const search = parseAppointmentSearch(req.params);
  const clinic = await callerClinic(deps, caller);
  const doctorIds = clinicDoctors(clinic, search.practitionerIds, practitionerIdOf);
  const statuses = search.statuses ? [...search.statuses].flatMap(statusesFor) : undefined;
  if (doctorIds.length === 0 || statuses?.length === 0 || search.patientRefs?.size === 0) {
    return bundle(req, [], 0, null);
  }
  const result = unwrap(
    await mongoGateway(deps.env, deps.config, clinic.id).searchClinicAppointments({
      clinicId: clinic.id,
      doctorIds,
      ...(statuses ? { statuses } : {}),
      ...(search.patientRefs ? { patientIds: [...search.patientRefs].map((r) => clinicPatientId(clinic.id, r)) } : {}),
      ...(search.window.geMs !== undefined ? { startGeMs: search.window.geMs } : {}),
      ...(search.window.ltMs !== undefined ? { startLtMs: search.window.ltMs } : {}),
      ...(search.page ? { after: { startMs: search.page.s, id: search.page.i } } : {}),
      limit: search.count + 1,
    }),
  );
  const page = result.appointments.slice(0, search.count);
  const last = page.at(-1);
  const next =
    result.appointments.length > search.count && last
      ? encodePageToken({ s: Date.parse(last.start), i: last.id })
      : null;
  return bundle(
    req,
    page.map((a) => toAppointment(a, clinic.id)),
    result.total,
    next,
  );
}
