import { createClinicClient, must } from "../clinic-client.ts";

/**
 * "Getting started for clinics", end to end: find a doctor, a free slot, register the patient
 * under the clinic's own reference, book, reschedule, cancel, and list the clinic's appointments.
 *
 *   PRESCRIPTO_URL=http://127.0.0.1:8787 PRESCRIPTO_API_KEY=pe_… npm run example:clinic
 *
 * The README runs exactly this file; tests/integration/clinic-getting-started.integration.test.ts
 * runs it against a live Worker.
 */
export async function gettingStarted(
  options: { baseUrl: string; apiKey: string; fetch?: typeof fetch },
  print: (line: string) => void = console.log,
) {
  const clinic = createClinicClient(options);

  // 1. The clinic's doctors.
  const { doctors } = await must(clinic.GET("/api/v1/clinic/doctors"));
  const doctor = doctors[0];
  if (!doctor) throw new Error("No doctor is attached to this clinic yet: ask the admin to attach one");
  print(`doctor: ${doctor.name} (${doctor.id})`);

  // 2. Its free slots from the day after tomorrow, for a week (dates in the doctor's zone): far
  // enough ahead that the doctor's cancellation notice still allows the changes below.
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  const { slots } = await must(
    clinic.GET("/api/v1/clinic/doctors/{doctorId}/slots", {
      params: { path: { doctorId: doctor.id }, query: { from: day(2), to: day(8) } },
    }),
  );
  const [first, second] = slots;
  if (!first || !second) throw new Error("The doctor has no two free slots that week");
  print(`free slots: ${slots.length}, first at ${first.start}`);

  // 3. The patient, under the clinic's own reference (created, or updated if it exists).
  const ref = `MRN-${Date.now().toString(36)}`;
  const { patient } = await must(
    clinic.PUT("/api/v1/clinic/patients/{ref}", {
      params: { path: { ref } },
      body: { name: "Meera Iyer", email: "meera@example.com", phone: "+91 98450 12345" },
    }),
  );
  print(`patient: ${patient.ref}`);

  // 4. Book. The client adds an Idempotency-Key: a retried call never books twice.
  const booked = await must(
    clinic.POST("/api/v1/clinic/appointments", {
      body: { doctorId: doctor.id, start: first.start, patientRef: ref },
    }),
  );
  print(`booked: ${booked.appointment.id} ${booked.appointment.status} at ${booked.appointment.start}`);

  // 5. Move it to the next slot, then cancel it.
  const moved = await must(
    clinic.POST("/api/v1/clinic/appointments/{id}/reschedule", {
      params: { path: { id: booked.appointment.id } },
      body: { start: second.start, reason: "patient asked" },
    }),
  );
  print(`rescheduled: ${moved.appointment.start}`);
  const cancelled = await must(
    clinic.POST("/api/v1/clinic/appointments/{id}/cancel", {
      params: { path: { id: booked.appointment.id } },
      body: { reason: "patient cancelled" },
    }),
  );
  print(`cancelled: ${cancelled.appointment.status}`);

  // 6. The clinic's appointments for this doctor, a page at a time (from the system of record,
  // which follows the doctor's schedule within moments).
  const page = await must(
    clinic.GET("/api/v1/clinic/appointments", {
      params: { query: { doctorId: doctor.id, limit: 20 } },
    }),
  );
  print(`appointments listed: ${page.appointments.length}${page.nextCursor ? " (more)" : ""}`);

  return { doctorId: doctor.id, patientRef: ref, appointment: cancelled.appointment };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const baseUrl = process.env.PRESCRIPTO_URL ?? "http://127.0.0.1:8787";
  const apiKey = process.env.PRESCRIPTO_API_KEY;
  if (!apiKey) {
    console.error("Set PRESCRIPTO_API_KEY to a clinic API key (pe_…); see the README's getting started.");
    process.exit(2);
  }
  await gettingStarted({ baseUrl, apiKey });
}
