import { beforeAll, describe, expect, it } from "vitest";
import { APPOINTMENT_STATUSES, type AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import type { ScheduleSettings } from "../../worker/kernel/domain/schedule.ts";
import { capabilityStatement } from "../../worker/kernel/fhir/capability.ts";
import {
  appointmentIdOf,
  fhirId,
  isFhirId,
  practitionerIdOf,
  referencedId,
  resolveAppointmentId,
  resolveDoctorId,
  resolveSlotId,
  slotIdOf,
} from "../../worker/kernel/fhir/ids.ts";
import { appointmentCursor, encodePageToken, pageLinks, slotCursor } from "../../worker/kernel/fhir/paging.ts";
import {
  operationOutcome,
  searchBundle,
  toAppointment,
  toPractitioner,
  toSchedule,
  toSlot,
} from "../../worker/kernel/fhir/resources.ts";
import { narrowWindow } from "../../worker/kernel/fhir/search-params.ts";
import { parseAppointmentSearch, parseSlotSearch } from "../../worker/kernel/fhir/searches.ts";
import { slotBook } from "../../worker/kernel/fhir/slot-book.ts";
import { FHIR_STATUS_OF, statusesFor } from "../../worker/kernel/fhir/status.ts";
import { AppError } from "../../worker/kernel/lib/errors.ts";
import { assertFhir, loadFhirSchema } from "../support/fhir-schema.ts";

const DOCTOR = "doc_asha-rao-1a2b";
const appointment = (status: AppointmentView["status"]): AppointmentView => ({
  id: `apt.${DOCTOR}.abcdefghij0123456789`,
  doctorId: DOCTOR,
  patientId: "cli_1:MRN_42",
  clinicId: "cli_1",
  start: "2026-12-01T04:30:00.000Z",
  end: "2026-12-01T05:00:00.000Z",
  status,
  holdExpiresAt: null,
  feePaise: 50_000,
  version: 2,
  createdAt: "2026-11-30T10:00:00.000Z",
  updatedAt: "2026-11-30T10:05:00.000Z",
  history: [],
});

beforeAll(loadFhirSchema, 120_000);

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
};

describe("FHIR status mapping", () => {
  it.each([
    ["held", "pending"],
    ["booked", "booked"],
    ["completed", "fulfilled"],
    ["no_show", "noshow"],
    ["cancelled", "cancelled"],
    ["expired", "cancelled"],
  ] as const)("%s appointments are FHIR %s and valid R4 Appointments", (ours, fhir) => {
    const resource = toAppointment(appointment(ours), "cli_1");
    expect(resource.status).toBe(fhir);
    assertFhir(resource);
  });

  it("covers every status of ours and searches back to exactly the statuses that map to it", () => {
    expect(Object.keys(FHIR_STATUS_OF).sort()).toEqual([...APPOINTMENT_STATUSES].sort());
    expect(statusesFor("cancelled").sort()).toEqual(["cancelled", "expired"]);
    expect(statusesFor("pending")).toEqual(["held"]);
  });

  it("names the patient only by the clinic's own reference", () => {
    const resource = toAppointment(appointment("booked"), "cli_1");
    const text = JSON.stringify(resource);
    expect(text).toContain('"value":"MRN_42"');
    expect(text).not.toContain("cli_1:MRN_42");
  });
});

describe("FHIR ids", () => {
  it("derives valid, stable ids from ours, also past 64 characters", () => {
    const long = `apt.doc_${"x".repeat(64)}.${"a".repeat(32)}`;
    for (const raw of [DOCTOR, long, "a_b"]) {
      expect(isFhirId(fhirId(raw))).toBe(true);
      expect(fhirId(raw)).toBe(fhirId(raw));
    }
    expect(fhirId(long)).not.toBe(fhirId(`${long}b`));
  });

  it("resolves ids back only among the given doctors: a read never finds another clinic's", () => {
    const long = `doc_${"l".repeat(60)}`;
    const mine = [DOCTOR, long, "doc_other"];
    for (const d of [DOCTOR, long]) {
      const apt = `apt.${d}.abcdefghij0123456789`;
      const start = "2026-12-01T04:30:00.000Z";
      expect(isFhirId(appointmentIdOf(apt)), apt).toBe(true);
      expect(isFhirId(slotIdOf(d, start)), d).toBe(true);
      expect(resolveAppointmentId(appointmentIdOf(apt), mine)).toBe(apt);
      expect(resolveSlotId(slotIdOf(d, start), mine)).toEqual({ doctorId: d, startMs: Date.parse(start) });
      expect(resolveDoctorId(practitionerIdOf(d), mine)).toBe(d);
      // The same ids, asked for by a clinic without this doctor:
      expect(resolveAppointmentId(appointmentIdOf(apt), ["doc_other"])).toBeNull();
      expect(resolveSlotId(slotIdOf(d, start), ["doc_other"])).toBeNull();
      expect(resolveDoctorId(practitionerIdOf(d), ["doc_other"])).toBeNull();
    }
    // Ids that fit keep the readable form searches have always answered.
    expect(appointmentIdOf(`apt.${DOCTOR}.abcdefghij0123456789`)).toBe("apt.doc-asha-rao-1a2b.abcdefghij0123456789");
    expect(slotIdOf(DOCTOR, "2026-12-01T04:30:00.000Z")).toBe(`doc-asha-rao-1a2b.${Date.parse("2026-12-01T04:30Z")}`);
    for (const junk of ["apt.doc-asha-rao-1a2b.x", "doc-asha-rao-1a2b.", "doc-asha-rao-1a2b", "x"]) {
      expect(resolveAppointmentId(junk, mine)).toBeNull();
      expect(resolveSlotId(junk, mine)).toBeNull();
    }
  });

  it("reads references as Type/id, bare ids or absolute URLs, and refuses another type", () => {
    expect(referencedId("Schedule/doc-a", "Schedule")).toBe("doc-a");
    expect(referencedId("doc-a", "Schedule")).toBe("doc-a");
    expect(referencedId("https://x.test/fhir/Schedule/doc-a", "Schedule")).toBe("doc-a");
    expect(referencedId("Practitioner/doc-a", "Schedule")).toBeNull();
  });
});

describe("FHIR search parameters", () => {
  it("turns date prefixes into half-open windows at the value's precision", () => {
    expect(narrowWindow({}, "date", "2026-12-01")).toEqual({
      geMs: Date.parse("2026-12-01T00:00:00Z"),
      ltMs: Date.parse("2026-12-02T00:00:00Z"),
    });
    expect(narrowWindow({}, "date", "gt2026-12-01")).toEqual({ geMs: Date.parse("2026-12-02T00:00:00Z") });
    expect(narrowWindow({}, "date", "le2026-12-01T10:00+05:30")).toEqual({
      ltMs: Date.parse("2026-12-01T04:31:00Z"),
    });
    const both = narrowWindow(narrowWindow({}, "date", "ge2026-12-01"), "date", "lt2026-12-03");
    expect(both).toEqual({ geMs: Date.parse("2026-12-01T00:00:00Z"), ltMs: Date.parse("2026-12-03T00:00:00Z") });
  });

  it.each([
    ["date", "2026-02-30"],
    ["date", "ne2026-12-01"],
    ["date", "2026-12-01T10:00"],
    ["date", "tomorrow"],
    ["status", "arrived"],
    ["_count", "0"],
    ["_page", "!!"],
    ["sort", "date"],
  ])("refuses %s=%s with VALIDATION_FAILED naming the parameter", (param, value) => {
    const error = refusal(() => parseAppointmentSearch([[param, value]]));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.fields?.[0]?.path).toBe(param);
  });

  it("ORs comma-separated values and ANDs repeated parameters", () => {
    const search = parseAppointmentSearch([
      ["status", "booked,pending"],
      ["status", "booked"],
      ["actor", "Patient/MRN-1"],
      ["practitioner", "Practitioner/doc-a,doc-b"],
    ]);
    expect([...(search.statuses ?? [])]).toEqual(["booked"]);
    expect([...(search.patientRefs ?? [])]).toEqual(["MRN-1"]);
    expect([...(search.practitionerIds ?? [])]).toEqual(["doc-a", "doc-b"]);
  });

  it("gives slot searches a bounded window: 7 days from now by default, at most 31, starting within 366", () => {
    const now = Date.parse("2026-12-01T00:00:00Z");
    const search = parseSlotSearch([], now);
    expect(search.ltMs - search.geMs).toBe(7 * 86_400_000);
    expect(search.geMs).toBe(now);
    const wide = refusal(() =>
      parseSlotSearch(
        [
          ["start", "ge2026-12-01"],
          ["start", "lt2027-01-15"],
        ],
        now,
      ),
    );
    expect([wide.code, wide.fields?.[0]?.path]).toEqual(["SEARCH_OUT_OF_BOUNDS", "start"]);
    expect(parseSlotSearch([["start", "ge2027-12-01"]], now).geMs).toBe(Date.parse("2027-12-01"));
    for (const far of ["ge2027-12-03", "9999-12-31", "lt9999-12-31"]) {
      expect(refusal(() => parseSlotSearch([["start", far]], now)).code, far).toBe("SEARCH_OUT_OF_BOUNDS");
    }
    expect(refusal(() => parseSlotSearch([["status", "busy-tentative"]], now)).fields?.[0]?.path).toBe("status");
  });

  it("round-trips page tokens and refuses foreign ones", () => {
    expect(appointmentCursor(encodePageToken({ s: 1, i: "apt.x" }))).toEqual({ s: 1, i: "apt.x" });
    expect(slotCursor(encodePageToken({ o: 40 }))).toEqual({ o: 40 });
    expect(slotCursor(encodePageToken({ o: 4, d: 10 }))).toEqual({ o: 4, d: 10 });
    expect(refusal(() => slotCursor(encodePageToken({ o: 4, d: -1 }))).code).toBe("VALIDATION_FAILED");
    expect(refusal(() => slotCursor(encodePageToken({ s: 1, i: "x" }))).code).toBe("VALIDATION_FAILED");
    const links = pageLinks("https://h.test/api/fhir/r4/Slot?_count=2&_page=old", "NEW");
    expect(links.map((l) => l.relation)).toEqual(["self", "next"]);
    expect(new URL(links[1]?.url ?? "").searchParams.getAll("_page")).toEqual(["NEW"]);
  });
});

describe("FHIR resources", () => {
  const settings = {
    timeZone: "Asia/Kolkata",
    slotMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 0,
    horizonDays: 30,
    weekly: { mon: [], tue: [{ start: "09:00", end: "11:00" }], wed: [], thu: [], fri: [], sat: [], sun: [] },
    overrides: [],
    timeOff: [],
    cancelNoticeMinutes: 120,
    holdMinutes: 10,
    maxHoldsPerPatient: 2,
    feePaise: 0,
    acceptingBookings: true,
  } as unknown as ScheduleSettings;

  it("marks the slots a taken interval overlaps as busy and keeps the others free", () => {
    const taken = { startMs: Date.parse("2026-12-01T04:00:00Z"), endMs: Date.parse("2026-12-01T04:30:00Z") };
    const slots = slotBook(settings, { from: "2026-12-01", to: "2026-12-01" }, new Date("2026-11-30T00:00:00Z"), [
      taken,
    ]);
    expect(slots.map((s) => [s.localStart, s.busy])).toEqual([
      ["09:00", false],
      ["09:30", true],
      ["10:00", false],
      ["10:30", false],
    ]);
    for (const slot of slots) assertFhir(toSlot(DOCTOR, slot));
  });

  it("builds valid Schedules, Bundles, OperationOutcomes and the CapabilityStatement", () => {
    const schedule = toSchedule({
      id: DOCTOR,
      slug: "asha-rao",
      name: "Dr. Asha Rao",
      speciality: "Dermatologist",
      degree: "MBBS",
      experienceYears: 4,
      about: "",
      feePaise: 0,
      currency: "INR",
      address: { line1: "1 Road", city: "Pune" },
      timeZone: "Asia/Kolkata",
      photoUrl: null,
      available: true,
    });
    assertFhir(schedule);
    const practitioner = toPractitioner({
      id: DOCTOR,
      slug: "asha-rao",
      name: "Dr. Asha Rao",
      speciality: "Dermatologist",
      degree: "MBBS",
      experienceYears: 4,
      about: "",
      feePaise: 0,
      currency: "INR",
      address: { line1: "1 Road", city: "Pune" },
      timeZone: "Asia/Kolkata",
      photoUrl: null,
      available: true,
    });
    assertFhir(practitioner);
    expect(practitioner.id).toBe(practitionerIdOf(DOCTOR));
    assertFhir(
      searchBundle({
        base: "https://h.test/api/fhir/r4",
        resources: [schedule, toAppointment(appointment("held"), "cli_1")],
        total: 2,
        selfAndNext: pageLinks("https://h.test/api/fhir/r4/Schedule", null),
      }),
    );
    for (const status of [400, 401, 403, 404, 500, 503]) {
      assertFhir(
        operationOutcome(status, {
          code: "VALIDATION_FAILED",
          message: "bad",
          requestId: "req_1",
          fields: [{ path: "date", message: "bad" }],
        }),
      );
    }
    const capability = capabilityStatement("https://h.test/api/fhir/r4");
    assertFhir(capability);
    const interactions = Object.fromEntries(
      capability.rest[0]?.resource.map((r) => [r.type, r.interaction.map((i) => i.code).sort()]) ?? [],
    );
    expect(interactions).toEqual({
      Practitioner: ["read"],
      Schedule: ["read", "search-type"],
      Slot: ["read", "search-type"],
      Appointment: ["read", "search-type"],
    });
  });

  it("the schema check itself refuses an invalid resource", () => {
    expect(() => assertFhir({ resourceType: "Appointment", status: "held", participant: [] })).toThrow(/invalid FHIR/);
  });
});
