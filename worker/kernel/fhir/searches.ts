import { AppError, type ErrorCode } from "../lib/errors.ts";
import { referencedId } from "./ids.ts";
import { type AppointmentCursor, appointmentCursor, type SlotCursor, slotCursor } from "./paging.ts";
import {
  badParam,
  DEFAULT_COUNT,
  intersect,
  narrowWindow,
  orValues,
  parseCount,
  refuseUnknown,
  type Window,
} from "./search-params.ts";
import { type FhirAppointmentStatus, isFhirAppointmentStatus } from "./status.ts";

/** The most days of slots one search may cover (each is computed on the fly). */
export const MAX_SLOT_WINDOW_DAYS = 31;
export const DEFAULT_SLOT_WINDOW_DAYS = 7;
/** How far ahead a window may start: no schedule's horizon is longer (schedule.ts: 365 days). */
export const MAX_SLOT_AHEAD_DAYS = 366;
/** The most doctors' Durable Objects one Slot search request asks (the rest on later pages). */
export const MAX_SLOT_SCHEDULES_PER_PAGE = 10;
export const SLOT_SEARCH_OUT_OF_BOUNDS = "SEARCH_OUT_OF_BOUNDS" satisfies ErrorCode;
const DAY = 86_400_000;

const outOfBounds = (message: string) =>
  new AppError(SLOT_SEARCH_OUT_OF_BOUNDS, `Search parameter start: ${message}`, {
    fields: [{ path: "start", message }],
  });

export const SLOT_PARAMS = ["schedule", "start", "status", "_count", "_page"] as const;
export const APPOINTMENT_PARAMS = ["date", "actor", "practitioner", "patient", "status", "_count", "_page"] as const;
export const SCHEDULE_PARAMS = ["actor", "_count", "_page"] as const;

export interface SlotSearch {
  scheduleIds: Set<string> | null;
  geMs: number;
  ltMs: number;
  status: Set<"free" | "busy"> | null;
  count: number;
  page: SlotCursor;
}

export interface AppointmentSearch {
  practitionerIds: Set<string> | null;
  patientRefs: Set<string> | null;
  statuses: Set<FhirAppointmentStatus> | null;
  window: Window;
  count: number;
  page: AppointmentCursor | null;
}

export interface ScheduleSearch {
  practitionerIds: Set<string> | null;
  count: number;
  page: SlotCursor;
}

type Entries = Iterable<[string, string]>;

function references(param: string, value: string, type: string): string[] {
  return orValues(param, value).map((v) => referencedId(v, type) ?? `\u0000not-a-${type}`);
}

/**
 * Slot search. Without `start` bounds the window is now..+7 days; a window is at most 31 days and
 * starts at most 366 days ahead, since every slot in it is computed from the doctors' schedules.
 */
export function parseSlotSearch(entries: Entries, nowMs: number): SlotSearch {
  let scheduleIds: Set<string> | null = null;
  let status: Set<"free" | "busy"> | null = null;
  let window: Window = {};
  let count = DEFAULT_COUNT;
  let page: SlotCursor = { o: 0 };
  for (const [param, value] of entries) {
    refuseUnknown(param, SLOT_PARAMS);
    if (param === "schedule") scheduleIds = intersect(scheduleIds, references(param, value, "Schedule"));
    else if (param === "start") window = narrowWindow(window, param, value);
    else if (param === "_count") count = parseCount(value);
    else if (param === "_page") page = slotCursor(value);
    else if (param === "status") {
      const codes = orValues(param, value);
      if (codes.some((c) => c !== "free" && c !== "busy")) throw badParam(param, "this server has free and busy slots");
      status = intersect(status, codes) as Set<"free" | "busy">;
    }
  }
  const geMs = window.geMs ?? (window.ltMs !== undefined ? window.ltMs - DEFAULT_SLOT_WINDOW_DAYS * DAY : nowMs);
  const ltMs = window.ltMs ?? geMs + DEFAULT_SLOT_WINDOW_DAYS * DAY;
  if (!Number.isFinite(geMs) || !Number.isFinite(ltMs) || ltMs - geMs > MAX_SLOT_WINDOW_DAYS * DAY) {
    throw outOfBounds(`the window may span at most ${MAX_SLOT_WINDOW_DAYS} days`);
  }
  if (geMs > nowMs + MAX_SLOT_AHEAD_DAYS * DAY) {
    throw outOfBounds(`the window must start within ${MAX_SLOT_AHEAD_DAYS} days from now`);
  }
  return { scheduleIds, geMs, ltMs, status, count, page };
}

export function parseAppointmentSearch(entries: Entries): AppointmentSearch {
  const search: AppointmentSearch = {
    practitionerIds: null,
    patientRefs: null,
    statuses: null,
    window: {},
    count: DEFAULT_COUNT,
    page: null,
  };
  for (const [param, value] of entries) {
    refuseUnknown(param, APPOINTMENT_PARAMS);
    if (param === "date") search.window = narrowWindow(search.window, param, value);
    else if (param === "_count") search.count = parseCount(value);
    else if (param === "_page") search.page = appointmentCursor(value);
    else if (param === "practitioner") {
      search.practitionerIds = intersect(search.practitionerIds, references(param, value, "Practitioner"));
    } else if (param === "patient") {
      search.patientRefs = intersect(search.patientRefs, references(param, value, "Patient"));
    } else if (param === "actor") {
      // actor is any participant: Practitioner/… or Patient/… (a bare id names a practitioner).
      const values = orValues(param, value);
      const patients = values.filter((v) => v.includes("/") && referencedId(v, "Patient") !== null);
      if (patients.length === values.length) {
        search.patientRefs = intersect(search.patientRefs, references(param, value, "Patient"));
      } else if (patients.length === 0) {
        search.practitionerIds = intersect(search.practitionerIds, references(param, value, "Practitioner"));
      } else {
        throw badParam(param, "one value list may not mix Patient and Practitioner");
      }
    } else if (param === "status") {
      const codes = orValues(param, value);
      const bad = codes.find((c) => !isFhirAppointmentStatus(c));
      if (bad) throw badParam(param, `${bad} is not a status this server uses`);
      search.statuses = intersect(search.statuses, codes) as Set<FhirAppointmentStatus>;
    }
  }
  return search;
}

export function parseScheduleSearch(entries: Entries): ScheduleSearch {
  let practitionerIds: Set<string> | null = null;
  let count = DEFAULT_COUNT;
  let page: SlotCursor = { o: 0 };
  for (const [param, value] of entries) {
    refuseUnknown(param, SCHEDULE_PARAMS);
    if (param === "actor") practitionerIds = intersect(practitionerIds, references(param, value, "Practitioner"));
    else if (param === "_count") count = parseCount(value);
    else if (param === "_page") page = slotCursor(value);
  }
  return { practitionerIds, count, page };
}
