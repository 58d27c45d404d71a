/**
 * An `appointment.snapshot` message as a doctor's DO writes it to its outbox, for tests that feed
 * the system-of-record consumer, the dead-letter re-drive or the outbox packing directly.
 */
export function appointmentSnapshot(a: {
  id: string;
  doctorId: string;
  patientId: string;
  start: string;
  status?: "booked" | "cancelled";
  version?: number;
  minutes?: number;
  history?: unknown[];
}) {
  const at = new Date().toISOString();
  return {
    type: "appointment.snapshot",
    appointment: {
      id: a.id,
      doctorId: a.doctorId,
      patientId: a.patientId,
      clinicId: null,
      start: a.start,
      end: new Date(Date.parse(a.start) + (a.minutes ?? 30) * 60_000).toISOString(),
      status: a.status ?? "booked",
      holdExpiresAt: null,
      feePaise: 0,
      version: a.version ?? 1,
      createdAt: at,
      updatedAt: at,
      history: a.history ?? [],
    },
  };
}
