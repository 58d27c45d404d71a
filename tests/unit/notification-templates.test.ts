import { describe, expect, it } from "vitest";
import type { NotificationKind } from "../../worker/kernel/messages/notification-messages.ts";
import { recipientsFor, renderNotification } from "../../worker/kernel/notifications/templates/render.ts";
import { bookedAppointment, cancelled, moved, TEST_DOCTOR } from "../support/notifications.ts";

const KINDS: NotificationKind[] = [
  "booked",
  "held",
  "payment_received",
  "rescheduled",
  "cancelled",
  "hold_expired",
  "completed",
  "no_show",
  "reminder",
];
const v1 = bookedAppointment({ start: "2026-06-10T08:00:00.000Z", feePaise: 75_050 });
const patient = { role: "patient" as const, name: "Meera Iyer", timeZone: "Asia/Kolkata" };
const links = {
  manage: "https://app.test/appointments/1",
  confirm: "https://app.test/appointment-links/confirm?token=c",
  cancel: "https://app.test/appointment-links/cancel?token=x",
};

function render(kind: NotificationKind, extra: Partial<Parameters<typeof renderNotification>[0]> = {}) {
  const appointment =
    kind === "rescheduled" ? moved(v1, "2026-06-11T13:00:00.000Z") : kind === "cancelled" ? cancelled(v1) : v1;
  return renderNotification({ kind, appointment, doctor: TEST_DOCTOR, recipient: patient, links, ...extra });
}

describe("email templates", () => {
  it.each(KINDS)("%s: subject, HTML and text name the doctor and the time; no images, scripts or tracking", (kind) => {
    const { subject, html, text } = render(kind);
    expect(subject.length).toBeGreaterThan(5);
    for (const part of [html, text]) {
      expect(part).toContain("Dr Asha Rao");
      expect(part).toContain("Hello Meera,");
      expect(part).not.toContain("Iyer"); // a first name is enough in the patient's own email
    }
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html).toContain("<title>");
    expect(html).not.toMatch(/<img|<script|<iframe|url\(|track|pixel/i);
  });

  it("shows the time in the patient's zone and the doctor's, the address, what to bring and how to cancel", () => {
    const { html, text } = render("booked");
    for (const part of [text, html]) {
      expect(part).toContain("Wednesday 10 June 2026, 13:30–14:00 GMT+5:30 (Asia/Kolkata)");
      expect(part).toContain("Wednesday 10 June 2026, 09:00–09:30 BST (Europe/London)");
      expect(part).toContain("12 Harley Street, London");
      expect(part).toContain("What to bring");
      expect(part).toContain(links.manage);
    }
    expect(text).toContain("View, reschedule or cancel your appointment: https://app.test/appointments/1");
  });

  it("shows one time when the patient is in the doctor's zone", () => {
    const { text } = render("booked", { recipient: { ...patient, timeZone: "Europe/London" } });
    expect(text).toContain("When: Wednesday 10 June 2026, 09:00–09:30 BST (Europe/London)");
    expect(text).not.toContain("your time");
  });

  it("a cancellation states the refund due in rupees, or that none is due", () => {
    expect(render("cancelled", { refundDuePaise: 37_525 }).text).toContain("A refund of ₹375.25");
    expect(render("cancelled", { refundDuePaise: 0 }).text).toContain("no refund is due");
  });

  it("a cancellation without a refund tells a patient who paid about the policy, and one who did not that nothing was paid", () => {
    const base = cancelled(bookedAppointment({ start: "2026-06-10T08:00:00.000Z" }));
    const paid = {
      ...base,
      payment: {
        orderId: "order_t01",
        paymentId: "pay_t01",
        status: "captured" as const,
        amountPaidPaise: 50_000,
        flag: null,
        refunds: [],
      },
    };
    expect(render("cancelled", { refundDuePaise: 0, appointment: paid }).text).toContain(
      "Under the doctor's cancellation policy no refund is due",
    );
    expect(render("cancelled", { refundDuePaise: 0, appointment: base }).text).toContain(
      "Nothing was paid, so no refund is due.",
    );
  });

  it("a reschedule names the old time and the new one", () => {
    const { text } = render("rescheduled");
    expect(text).toContain("moved from Wednesday 10 June 2026, 13:30–14:00 GMT+5:30");
    expect(text).toContain("Thursday 11 June 2026, 18:30–19:00 GMT+5:30 (Asia/Kolkata)");
  });

  it("a reminder carries the confirm and cancel links and says they ask before changing anything", () => {
    const { text } = render("reminder");
    expect(text).toContain(`Confirm that you will attend: ${links.confirm}`);
    expect(text).toContain(`Cancel this appointment: ${links.cancel}`);
    expect(text).toContain("asks you to confirm before anything changes");
  });

  it("the doctor's email names the patient, and goes only for changes to the doctor's day", () => {
    const { text, subject } = renderNotification({
      kind: "booked",
      appointment: v1,
      doctor: TEST_DOCTOR,
      recipient: { role: "doctor", name: TEST_DOCTOR.name, timeZone: TEST_DOCTOR.timeZone },
      patientName: "Meera Iyer",
      links: { manage: "https://app.test/doctor" },
    });
    expect(subject).toBe("New appointment: Wednesday 10 June 2026, 09:00–09:30 BST (Europe/London)");
    expect(text).toContain("Patient: Meera Iyer");
    expect(recipientsFor("booked")).toEqual(["patient", "doctor"]);
    expect(recipientsFor("reminder")).toEqual(["patient"]);
    expect(recipientsFor("hold_expired")).toEqual(["patient"]);
  });

  it("escapes names in the HTML part", () => {
    const { html } = render("booked", { doctor: { ...TEST_DOCTOR, name: 'Dr <b onmouseover="x">Evil</b>' } });
    expect(html).not.toContain("<b onmouseover");
    expect(html).toContain("Dr &lt;b onmouseover=&quot;x&quot;&gt;Evil&lt;/b&gt;");
  });
});
