import type { AppointmentView } from "../../domain/appointment.ts";
import type { NotificationKind } from "../../messages/notification-messages.ts";
import { firstName, formatInstant, formatRupees, formatSlot } from "./format.ts";
import { type MessageModel, type RenderedEmail, render } from "./layout.ts";

/**
 * The email templates: pure functions of (appointment, doctor, recipient, kind, links). They
 * name the doctor, the time in the patient's zone and the doctor's, the address, what to bring
 * and how to cancel; the patient's own email gets nothing more personal than a first name, and
 * the doctor's gets the patient's name and nothing else about them.
 */
export type RecipientRole = "patient" | "doctor";

export interface TemplateInput {
  kind: NotificationKind;
  appointment: AppointmentView;
  doctor: {
    name: string;
    speciality: string;
    timeZone: string;
    address: { line1: string; line2?: string; city: string };
  };
  recipient: { role: RecipientRole; name: string; timeZone: string };
  /** The doctor's emails name the patient; the patient's do not need to. */
  patientName?: string;
  links: { manage: string; confirm?: string; cancel?: string };
  refundDuePaise?: number;
  reminderOffset?: string;
}

const WHAT_TO_BRING = [
  "A photo ID",
  "Your previous prescriptions and any recent test reports",
  "A list of the medicines you take now",
];

/** Who hears about each kind of change: the doctor only where their day changes. */
export function recipientsFor(kind: NotificationKind): RecipientRole[] {
  switch (kind) {
    case "booked":
    case "payment_received":
    case "rescheduled":
    case "cancelled":
      return ["patient", "doctor"];
    default:
      return ["patient"];
  }
}

export function renderNotification(input: TemplateInput): RenderedEmail {
  return render(input.recipient.role === "doctor" ? doctorModel(input) : patientModel(input));
}

function times(input: TemplateInput): { label: string; value: string }[] {
  const { appointment: a, doctor, recipient } = input;
  const own = formatSlot(a.start, a.end, recipient.timeZone);
  if (recipient.timeZone === doctor.timeZone) return [{ label: "When", value: own }];
  return [
    { label: "When (your time)", value: own },
    { label: "When (at the clinic)", value: formatSlot(a.start, a.end, doctor.timeZone) },
  ];
}

function where(input: TemplateInput): { label: string; value: string } {
  const { line1, line2, city } = input.doctor.address;
  return { label: "Where", value: [line1, line2, city].filter(Boolean).join(", ") };
}

function previousTime(a: AppointmentView, zone: string): string | null {
  const move = [...a.history].reverse().find((h) => h.fromStart && h.toStart && h.fromStart !== h.toStart);
  if (!move?.fromStart) return null;
  const durationMs = new Date(a.end).getTime() - new Date(a.start).getTime();
  return formatSlot(move.fromStart, new Date(new Date(move.fromStart).getTime() + durationMs).toISOString(), zone);
}

const PATIENT_FOOTER =
  "You receive this email because you booked an appointment through Prescripto. It is sent once for each change to your appointment.";

function patientModel(input: TemplateInput): MessageModel {
  const { appointment: a, doctor, links } = input;
  const hello = `Hello ${firstName(input.recipient.name)},`;
  const doctorLine = { label: "Doctor", value: `${doctor.name} (${doctor.speciality})` };
  const full = [doctorLine, ...times(input), where(input)];
  const manage = { label: "View, reschedule or cancel your appointment", url: links.manage };
  const bring = { title: "What to bring", items: WHAT_TO_BRING };
  const base = { details: full, actions: [manage], footer: PATIENT_FOOTER };
  switch (input.kind) {
    case "booked":
      return {
        ...base,
        subject: `Booked: ${doctor.name}, ${formatSlot(a.start, a.end, input.recipient.timeZone)}`,
        heading: "Your appointment is booked",
        paragraphs: [
          hello,
          `Your appointment with ${doctor.name} is confirmed. The attached invite adds it to your calendar.`,
          "If you cannot come, please cancel so someone else can take the time.",
        ],
        list: bring,
      };
    case "held":
      return {
        ...base,
        subject: `Complete your payment to book ${doctor.name}`,
        heading: "Your time is held until you pay",
        paragraphs: [
          hello,
          `We are holding this time with ${doctor.name} for you. Pay ${formatRupees(a.feePaise)} to confirm it.`,
          a.holdExpiresAt
            ? `If we have not received the payment by ${formatInstant(a.holdExpiresAt, input.recipient.timeZone)}, the time is released.`
            : "If the payment does not arrive in time, the time is released.",
        ],
        actions: [{ label: "Complete your payment", url: links.manage }],
      };
    case "payment_received":
      return {
        ...base,
        subject: `Payment received: ${doctor.name} is booked`,
        heading: "Payment received, your appointment is booked",
        paragraphs: [
          hello,
          `We received your payment of ${formatRupees(a.feePaise)}. Your appointment with ${doctor.name} is confirmed; the attached invite adds it to your calendar.`,
        ],
        list: bring,
      };
    case "rescheduled": {
      const before = previousTime(a, input.recipient.timeZone);
      return {
        ...base,
        subject: `Moved: ${doctor.name}, now ${formatSlot(a.start, a.end, input.recipient.timeZone)}`,
        heading: "Your appointment has moved",
        paragraphs: [
          hello,
          before
            ? `Your appointment with ${doctor.name} has moved from ${before} to the time below.`
            : `Your appointment with ${doctor.name} has moved to the time below.`,
          "The attached invite updates the event already in your calendar.",
        ],
        list: bring,
      };
    }
    case "cancelled": {
      const refund = input.refundDuePaise ?? 0;
      return {
        ...base,
        subject: `Cancelled: ${doctor.name}, ${formatSlot(a.start, a.end, input.recipient.timeZone)}`,
        heading: "Your appointment is cancelled",
        paragraphs: [
          hello,
          `Your appointment with ${doctor.name} is cancelled. The attached update removes it from your calendar.`,
          refund > 0
            ? `A refund of ${formatRupees(refund)} is on its way to the card or account you paid with; banks usually take 5–7 working days.`
            : a.payment?.status === "captured"
              ? "Under the doctor's cancellation policy no refund is due for this cancellation."
              : "Nothing was paid, so no refund is due.",
        ],
        actions: [{ label: "Book another time", url: links.manage }],
      };
    }
    case "hold_expired":
      return {
        ...base,
        subject: `Your held time with ${doctor.name} was released`,
        heading: "The time we held for you was released",
        paragraphs: [
          hello,
          "We did not receive the payment in time, so the time was released. Nothing was charged; you are welcome to book again.",
        ],
        actions: [{ label: "Book again", url: links.manage }],
      };
    case "completed":
      return {
        ...base,
        details: [doctorLine, ...times(input)],
        subject: `Thank you for visiting ${doctor.name}`,
        heading: "Thank you for your visit",
        paragraphs: [hello, `Your appointment with ${doctor.name} is marked as completed.`],
      };
    case "no_show":
      return {
        ...base,
        details: [doctorLine, ...times(input)],
        subject: `We missed you at your appointment with ${doctor.name}`,
        heading: "We missed you",
        paragraphs: [
          hello,
          `${doctor.name} recorded that you did not attend this appointment. If that is a mistake, reply to the clinic.`,
        ],
        actions: [{ label: "Book another time", url: links.manage }],
      };
    case "reminder": {
      const actions = [
        ...(links.confirm ? [{ label: "Confirm that you will attend", url: links.confirm }] : []),
        ...(links.cancel ? [{ label: "Cancel this appointment", url: links.cancel }] : []),
        manage,
      ];
      return {
        ...base,
        subject: `Reminder: ${doctor.name}, ${formatSlot(a.start, a.end, input.recipient.timeZone)}`,
        heading: "Your appointment is coming up",
        paragraphs: [
          hello,
          `This is a reminder of your appointment with ${doctor.name}.`,
          "The links below open a page that asks you to confirm before anything changes.",
        ],
        list: bring,
        actions,
      };
    }
  }
}

const DOCTOR_FOOTER = "Sent by Prescripto for your practice. Your dashboard shows the full day.";

function doctorModel(input: TemplateInput): MessageModel {
  const { appointment: a, links } = input;
  const patient = input.patientName ?? "A patient";
  const details = [{ label: "Patient", value: patient }, ...times(input)];
  const base = { details, actions: [{ label: "Open your dashboard", url: links.manage }], footer: DOCTOR_FOOTER };
  const when = formatSlot(a.start, a.end, input.recipient.timeZone);
  switch (input.kind) {
    case "booked":
    case "payment_received":
      return { ...base, subject: `New appointment: ${when}`, heading: "New appointment", paragraphs: [] };
    case "rescheduled": {
      const before = previousTime(a, input.recipient.timeZone);
      return {
        ...base,
        subject: `Appointment moved to ${when}`,
        heading: "An appointment has moved",
        paragraphs: before ? [`Moved from ${before}.`] : [],
      };
    }
    case "cancelled":
      return {
        ...base,
        subject: `Appointment cancelled: ${when}`,
        heading: "An appointment was cancelled",
        paragraphs: ["The time is free again for other patients."],
      };
    default:
      return { ...base, subject: `Appointment update: ${when}`, heading: "Appointment update", paragraphs: [] };
  }
}

export type { RenderedEmail };
