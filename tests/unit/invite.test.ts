import { describe, expect, it } from "vitest";
import type { AppointmentView } from "../../worker/kernel/domain/appointment.ts";
import { buildInvite, inviteMethodFor, inviteUid } from "../../worker/kernel/notifications/invite.ts";
import { CalendarClient, parseInvite } from "../support/ical-import.ts";
import { bookedAppointment, cancelled, moved, TEST_DOCTOR } from "../support/notifications.ts";

const organizer = { name: "Prescripto", email: "appointments@prescripto.test" };
const patient = { name: "Meera Iyer", email: "meera@example.test" };

function invite(a: AppointmentView, doctor = TEST_DOCTOR) {
  const method = inviteMethodFor(a);
  if (!method) throw new Error(`no invite for ${a.status}`);
  return buildInvite({ appointment: a, doctor, patient, organizer, manageUrl: "https://app.test/a/1" }, method);
}

describe("calendar invites", () => {
  it("a booking is a REQUEST with a stable UID, SEQUENCE = version, organizer, attendee and the doctor's VTIMEZONE", () => {
    const a = bookedAppointment({ start: "2026-06-10T08:00:00.000Z" }); // 09:00 BST
    const parsed = parseInvite(invite(a).ics);
    expect(parsed.method).toBe("REQUEST");
    expect(parsed.timezones).toEqual(["Europe/London"]);
    const [event] = parsed.events;
    expect(event).toMatchObject({
      uid: inviteUid(a.id),
      sequence: 1,
      tzid: "Europe/London",
      localStart: "2026-06-10T09:00:00",
      status: "CONFIRMED",
      organizer: "mailto:appointments@prescripto.test",
      attendees: ["mailto:meera@example.test"],
    });
    expect(event?.start.toISOString()).toBe(a.start);
    expect(event?.end.toISOString()).toBe(a.end);
  });

  it("writes local times that name the right instant on both sides of a DST change", () => {
    // The week London moves to BST (29 March 2026): Friday 09:00 is GMT, Monday 09:00 is BST.
    for (const [start, local] of [
      ["2026-03-27T09:00:00.000Z", "2026-03-27T09:00:00"],
      ["2026-03-30T08:00:00.000Z", "2026-03-30T09:00:00"],
    ] as const) {
      const [event] = parseInvite(invite(bookedAppointment({ start })).ics).events;
      expect(event?.localStart).toBe(local);
      expect(event?.start.toISOString()).toBe(start);
    }
    // And New York's fall-back (1 November 2026): 08:30 EDT on Saturday, 08:30 EST on Monday.
    const ny = { ...TEST_DOCTOR, timeZone: "America/New_York" };
    for (const [start, local] of [
      ["2026-10-31T12:30:00.000Z", "2026-10-31T08:30:00"],
      ["2026-11-02T13:30:00.000Z", "2026-11-02T08:30:00"],
    ] as const) {
      const parsed = parseInvite(invite(bookedAppointment({ start }), ny).ics);
      expect(parsed.timezones).toEqual(["America/New_York"]);
      expect(parsed.events[0]?.localStart).toBe(local);
      expect(parsed.events[0]?.start.toISOString()).toBe(start);
    }
  });

  it("a reschedule keeps the UID with a higher SEQUENCE and the new times", () => {
    const v1 = bookedAppointment({ start: "2026-06-10T08:00:00.000Z" });
    const v2 = moved(v1, "2026-06-11T13:00:00.000Z");
    const [first] = parseInvite(invite(v1).ics).events;
    const [second] = parseInvite(invite(v2).ics).events;
    expect(second?.uid).toBe(first?.uid);
    expect(second?.sequence).toBeGreaterThan(first?.sequence ?? Number.POSITIVE_INFINITY);
    expect(second?.start.toISOString()).toBe("2026-06-11T13:00:00.000Z");
    expect(second?.localStart).toBe("2026-06-11T14:00:00");
  });

  it("a cancellation is a CANCEL with STATUS:CANCELLED and a higher SEQUENCE", () => {
    const v2 = moved(bookedAppointment({ start: "2026-06-10T08:00:00.000Z" }), "2026-06-11T13:00:00.000Z");
    const v3 = cancelled(v2);
    const parsed = parseInvite(invite(v3).ics);
    expect(parsed.method).toBe("CANCEL");
    expect(parsed.events[0]).toMatchObject({ uid: inviteUid(v3.id), sequence: 3, status: "CANCELLED" });
  });

  it("a patient importing every message in order ends with one correct event, then none", () => {
    const v1 = bookedAppointment({ start: "2026-03-27T09:00:00.000Z" });
    const v2 = moved(v1, "2026-03-30T08:00:00.000Z"); // moved across the DST change
    const calendar = new CalendarClient();
    calendar.import(invite(v1).ics);
    calendar.import(invite(v2).ics);
    expect([...calendar.events.values()].map((e) => [e.start.toISOString(), e.localStart])).toEqual([
      ["2026-03-30T08:00:00.000Z", "2026-03-30T09:00:00"],
    ]);
    // A late duplicate of the older invite does not bring the old time back.
    calendar.import(invite(v1).ics);
    expect(calendar.events.get(inviteUid(v1.id))?.start.toISOString()).toBe("2026-03-30T08:00:00.000Z");
    calendar.import(invite(cancelled(v2)).ics);
    expect(calendar.events.size).toBe(0);
  });

  it("sends no invite for an unpaid hold, and no CANCEL when a hold that was never booked ends", () => {
    const held: AppointmentView = {
      ...bookedAppointment({ start: "2026-06-10T08:00:00.000Z" }),
      status: "held",
      history: [],
    };
    expect(inviteMethodFor(held)).toBeNull();
    expect(inviteMethodFor({ ...held, status: "expired" })).toBeNull();
    expect(inviteMethodFor({ ...held, status: "cancelled" })).toBeNull();
    expect(inviteMethodFor(cancelled(bookedAppointment({ start: "2026-06-10T08:00:00.000Z" })))).toBe("CANCEL");
  });

  it("renders the same bytes for the same appointment version (retries resend identical content)", () => {
    const a = bookedAppointment({ start: "2026-06-10T08:00:00.000Z" });
    expect(invite(a).ics).toBe(invite(structuredClone(a)).ics);
  });
});
