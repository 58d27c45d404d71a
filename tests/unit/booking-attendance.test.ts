import { describe, expect, it } from "vitest";
import { decideAttendance } from "../../worker/kernel/booking/attendance.ts";
import type { AppointmentRow } from "../../worker/kernel/booking/ledger-rows.ts";

const now = Date.parse("2026-06-09T08:00:00.000Z");
const row: AppointmentRow = {
  id: "apt.doc_a.abcdefghijklmnop",
  patientId: "usr_1",
  clinicId: null,
  startMs: Date.parse("2026-06-10T08:00:00.000Z"),
  endMs: Date.parse("2026-06-10T08:30:00.000Z"),
  status: "booked",
  holdExpiresAt: null,
  feePaise: 50_000,
  version: 2,
  requestKey: null,
  createdAt: now - 86_400_000,
  updatedAt: now - 86_400_000,
};
const ledger = (r: AppointmentRow | undefined) => ({ byId: () => r });

describe("a patient confirming attendance from a reminder", () => {
  it("records a new version with the patient as actor, keeping status and time", () => {
    const d = decideAttendance(ledger(row), { appointmentId: row.id, version: 2 }, now);
    if (!d.ok) throw new Error(d.reason);
    expect(d.write.row).toMatchObject({ status: "booked", startMs: row.startMs, version: 3, updatedAt: now });
    expect(d.write.event).toMatchObject({
      version: 3,
      type: "attendance_confirmed",
      fromStatus: "booked",
      toStatus: "booked",
      actorRole: "patient",
      actorId: "usr_1",
      fromStartMs: null,
      toStartMs: null,
    });
  });

  it("refuses a link issued for another version (already used, or the appointment changed)", () => {
    expect(decideAttendance(ledger({ ...row, version: 3 }), { appointmentId: row.id, version: 2 }, now)).toMatchObject({
      ok: false,
      reason: "stale",
    });
  });

  it("refuses appointments that are not booked or have started, and unknown ones", () => {
    const gone = { ...row, status: "cancelled" as const };
    expect(decideAttendance(ledger(gone), { appointmentId: row.id, version: 2 }, now)).toMatchObject({
      reason: "not_booked",
    });
    expect(decideAttendance(ledger(row), { appointmentId: row.id, version: 2 }, row.startMs)).toMatchObject({
      reason: "not_booked",
    });
    expect(decideAttendance(ledger(undefined), { appointmentId: row.id, version: 2 }, now)).toEqual({
      ok: false,
      reason: "not_found",
    });
  });
});
