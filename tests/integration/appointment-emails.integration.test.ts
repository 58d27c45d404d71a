import { beforeAll, describe, expect, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { registerPatient } from "../support/accounts.ts";
import { waitForMail } from "../support/notification-people.ts";
import { allDaySchedule, onboard } from "../support/onboarding.ts";
import { ownWorker } from "../support/own-worker.ts";
import { slotStart } from "../support/schedules.ts";
import { requireServiceEnv } from "../support/service-env.ts";

/**
 * The running product sends email: a patient books through the API of a Worker started as
 * `npm start` starts it (wrangler dev, its queues and consumers), and the booking reaches the
 * development mailbox (the Resend stand-in) with its invite.
 */
// Its own worker and database: the doctor it onboards stays out of the shared directory listing.
const worker = ownWorker("appointment-emails");
const call = worker.call;
const mailBase = requireServiceEnv().mailUrl;

let admin: string;
beforeAll(async () => {
  admin = await worker.token("admin_it", "admin");
});

describe("emails from the running product", () => {
  it("a booking through the API reaches the patient's mailbox with an invite, and the doctor's", async () => {
    const { doctor, email: doctorEmail } = await onboard(call, admin, { schedule: allDaySchedule() });
    const patient = await registerPatient(call);
    const start = slotStart(30);
    const res = await call<{ appointment: AppointmentView }>("POST", "/api/v1/appointments", {
      token: patient.accessToken,
      body: { doctorId: doctor.id, start },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const [mail] = await waitForMail(mailBase, patient.email, 1, 30_000);
    expect(mail?.subject).toMatch(/^Booked: /);
    expect(mail?.attachments.map((a) => a.filename)).toEqual(["invite.ics"]);
    expect(mail?.idempotencyKey).toBe(`${res.body.appointment.id}|booked|v1|patient`);
    expect((await waitForMail(mailBase, doctorEmail, 1, 30_000))[0]?.subject).toMatch(/^New appointment: /);
  });
});
