import type { AppointmentView, HistoryEntry } from "../../worker/kernel/domain/appointment.ts";

/**
 * Appointments at successive versions, as a doctor's DO would put them in notification
 * messages: booked (v1), moved (v2), cancelled (v3). Deterministic timestamps.
 */
export const TEST_DOCTOR = {
  name: "Dr Asha Rao",
  email: "asha.rao@clinic.test",
  speciality: "General physician",
  timeZone: "Europe/London",
  address: { line1: "12 Harley Street", city: "London" },
};

const entry = (
  e: Partial<HistoryEntry> & Pick<HistoryEntry, "version" | "type" | "toStatus" | "at">,
): HistoryEntry => ({
  fromStatus: null,
  actor: { role: "patient", id: "usr_patient" },
  reason: null,
  fromStart: null,
  toStart: null,
  ...e,
});

export function bookedAppointment(a: {
  id?: string;
  doctorId?: string;
  patientId?: string;
  start: string;
  minutes?: number;
  feePaise?: number;
}): AppointmentView {
  const end = new Date(Date.parse(a.start) + (a.minutes ?? 30) * 60_000).toISOString();
  const at = "2026-03-01T10:00:00.000Z";
  return {
    id: a.id ?? "apt.doc_test.abcdefghijklmnop",
    doctorId: a.doctorId ?? "doc_test",
    patientId: a.patientId ?? "usr_patient",
    clinicId: null,
    start: a.start,
    end,
    status: "booked",
    holdExpiresAt: null,
    feePaise: a.feePaise ?? 50_000,
    version: 1,
    createdAt: at,
    updatedAt: at,
    history: [entry({ version: 1, type: "booked", toStatus: "booked", toStart: a.start, at })],
  };
}

export function moved(a: AppointmentView, start: string): AppointmentView {
  const minutes = (Date.parse(a.end) - Date.parse(a.start)) / 60_000;
  const at = new Date(Date.parse(a.updatedAt) + 3_600_000).toISOString();
  const version = a.version + 1;
  return {
    ...a,
    start,
    end: new Date(Date.parse(start) + minutes * 60_000).toISOString(),
    version,
    updatedAt: at,
    history: [
      ...a.history,
      entry({
        version,
        type: "rescheduled",
        fromStatus: a.status,
        toStatus: a.status,
        fromStart: a.start,
        toStart: start,
        at,
      }),
    ],
  };
}

export function cancelled(a: AppointmentView): AppointmentView {
  const at = new Date(Date.parse(a.updatedAt) + 3_600_000).toISOString();
  const version = a.version + 1;
  return {
    ...a,
    status: "cancelled",
    version,
    updatedAt: at,
    history: [...a.history, entry({ version, type: "cancelled", fromStatus: a.status, toStatus: "cancelled", at })],
  };
}
