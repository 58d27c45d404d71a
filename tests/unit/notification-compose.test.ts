import { describe, expect, it } from "vitest";
import type { NotificationMessage } from "../../worker/kernel/messages/notification-messages.ts";
import { composeNotification, deliveryKey } from "../../worker/kernel/notifications/compose.ts";
import { verifyLink } from "../../worker/kernel/notifications/links.ts";
import { bookedAppointment, cancelled, moved, TEST_DOCTOR } from "../support/notifications.ts";

const settings = {
  appBaseUrl: "https://app.test/",
  from: "Prescripto <appointments@prescripto.test>",
  linkSecret: "unit-link-secret-0123456789abcdefghij",
};
const v1 = bookedAppointment({ start: "2026-06-10T08:00:00.000Z" });
const ctx = {
  doctor: TEST_DOCTOR,
  patient: { name: "Meera Iyer", email: "meera@example.test" },
  current: null,
};

describe("composing a notification", () => {
  it("a booking: one email to the patient with the invite, one to the doctor, keyed by appointment, kind, version and recipient", async () => {
    const message: NotificationMessage = { type: "appointment.change", kind: "booked", appointment: v1 };
    const { deliveries } = await composeNotification(message, ctx, settings);
    expect(deliveries.map((d) => [d.key, d.email?.to, d.email?.attachments?.map((a) => a.filename)])).toEqual([
      [deliveryKey(v1.id, "booked", 1, "patient"), "meera@example.test", ["invite.ics"]],
      [deliveryKey(v1.id, "booked", 1, "doctor"), TEST_DOCTOR.email, undefined],
    ]);
    expect(deliveries[0]?.email?.idempotencyKey).toBe(deliveries[0]?.key);
    expect(deliveries[0]?.email?.attachments?.[0]?.contentType).toBe("text/calendar; charset=utf-8; method=REQUEST");
  });

  it("shows the patient the time in their own zone beside the doctor's, and the doctor only the doctor's zone", async () => {
    const message: NotificationMessage = { type: "appointment.change", kind: "booked", appointment: v1 };
    const abroad = { ...ctx, patient: { ...ctx.patient, timeZone: "Asia/Kolkata" } };
    const { deliveries } = await composeNotification(message, abroad, settings);
    const patientText = deliveries[0]?.email?.text ?? "";
    // 08:00 UTC on 10 June 2026 is 13:30 in Kolkata and 09:00 in London (BST).
    expect(patientText).toContain("13:30");
    expect(patientText).toContain("Asia/Kolkata");
    expect(patientText).toContain("09:00");
    expect(patientText).toContain("Europe/London");
    expect(deliveries[0]?.email?.subject).toContain("13:30");
    const doctorText = deliveries[1]?.email?.text ?? "";
    expect(doctorText).toContain("09:00");
    expect(doctorText).not.toContain("Asia/Kolkata");
    // Without a zone of their own the patient reads the doctor's time only.
    const home = await composeNotification(message, ctx, settings);
    expect(home.deliveries[0]?.email?.text).not.toContain("Asia/Kolkata");
  });

  it("a cancellation attaches a CANCEL; a deleted patient's email is skipped, the doctor's still goes", async () => {
    const message: NotificationMessage = { type: "appointment.change", kind: "cancelled", appointment: cancelled(v1) };
    const { deliveries } = await composeNotification(message, { ...ctx, patient: null }, settings);
    expect(deliveries[0]).toMatchObject({
      recipient: "patient",
      email: null,
      skip: expect.stringContaining("deleted"),
    });
    expect(deliveries[1]?.email?.to).toBe(TEST_DOCTOR.email);
    const withPatient = await composeNotification(message, ctx, settings);
    expect(withPatient.deliveries[0]?.email?.attachments?.[0]?.content).toContain("METHOD:CANCEL");
  });

  it("a reminder carries signed links for its appointment version that expire at the start", async () => {
    const message: NotificationMessage = { type: "appointment.reminder", offset: "24h", appointment: v1 };
    const { kind, deliveries } = await composeNotification(message, ctx, settings);
    expect(kind).toBe("reminder-24h");
    expect(deliveries.map((d) => d.recipient)).toEqual(["patient"]);
    const text = deliveries[0]?.email?.text ?? "";
    const token = decodeURIComponent(/appointment-links\/cancel\?token=([^\s]+)/.exec(text)?.[1] ?? "");
    const ok = await verifyLink(settings.linkSecret, token, {
      action: "cancel",
      now: new Date("2026-06-09T08:00:00Z"),
    });
    expect(ok).toMatchObject({ ok: true, claims: { appointmentId: v1.id, version: 1 } });
    const late = await verifyLink(settings.linkSecret, token, { action: "cancel", now: new Date(v1.start) });
    expect(late).toMatchObject({ ok: false, reason: "expired" });
  });

  it("drops a reminder for an appointment MongoDB already knows was cancelled or moved", async () => {
    const message: NotificationMessage = { type: "appointment.reminder", offset: "2h", appointment: v1 };
    const gone = cancelled(v1);
    expect(
      (
        await composeNotification(
          message,
          { ...ctx, current: { version: 2, status: gone.status, start: gone.start } },
          settings,
        )
      ).stale,
    ).toBe("appointment is now cancelled");
    const elsewhere = moved(v1, "2026-06-12T08:00:00.000Z");
    expect(
      (
        await composeNotification(
          message,
          { ...ctx, current: { version: 2, status: "booked", start: elsewhere.start } },
          settings,
        )
      ).stale,
    ).toBe("appointment moved");
    const same = { version: 1, status: "booked", start: v1.start };
    expect((await composeNotification(message, { ...ctx, current: same }, settings)).stale).toBeUndefined();
  });

  it("is deterministic: the same message renders the same emails", async () => {
    const message: NotificationMessage = { type: "appointment.reminder", offset: "2h", appointment: v1 };
    expect(await composeNotification(message, ctx, settings)).toEqual(
      await composeNotification(message, ctx, settings),
    );
  });
});
