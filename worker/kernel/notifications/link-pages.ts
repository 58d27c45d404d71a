import { ATTENDANCE_CONFIRMED } from "../booking/attendance.ts";
import type { AppointmentView } from "../domain/appointment.ts";
import type { LinkAction, LinkCheck } from "./links.ts";
import { escapeHtml, formatInstant, formatSlot } from "./templates/format.ts";

/**
 * The pages a reminder's confirm/cancel link opens. Mail scanners fetch links, so GET only asks
 * (a plain form, no script) and POST acts. Every outcome, including a link that is expired,
 * tampered with or used before, gets a page that says what happened: never an error envelope or
 * a 500. The pages name no one (whoever holds the link sees them): only the time and what to do.
 * Pure: the route feeds it verification results and the appointment as the doctor's DO has it.
 */
export interface LinkPage {
  status: 200 | 400 | 404 | 409 | 410 | 503;
  title: string;
  paragraphs: string[];
  form?: { action: string; token: string; button: string };
}

const VERB: Record<LinkAction, { ask: string; button: string; done: string }> = {
  confirm: {
    ask: "Please confirm that you will attend this appointment.",
    button: "Yes, I will attend",
    done: "Thank you: your doctor can see that you will attend.",
  },
  cancel: {
    ask: "Do you want to cancel this appointment? The time is released for other patients.",
    button: "Cancel the appointment",
    done: "Your appointment is cancelled. You will receive an email confirming it.",
  },
};

const when = (a: AppointmentView, timeZone: string) => `Appointment: ${formatSlot(a.start, a.end, timeZone)}.`;

export function linkNotConfiguredPage(): LinkPage {
  return { status: 503, title: "Links are not available", paragraphs: ["Please manage your appointment in the app."] };
}

/** A link whose signature, shape or expiry fails. */
export function refusedLinkPage(check: Exclude<LinkCheck, { ok: true }>): LinkPage {
  switch (check.reason) {
    case "expired":
      return {
        status: 410,
        title: "This link has expired",
        paragraphs: ["Links in reminders work until the appointment starts. Please use the app instead."],
      };
    case "stale":
      return {
        status: 409,
        title: "This appointment has changed",
        paragraphs: [
          "The link was sent for an earlier version of the appointment. Please use the latest email or the app.",
        ],
      };
    default:
      return {
        status: 400,
        title: "This link is not valid",
        paragraphs: ["Please copy the whole link from the email, or manage your appointment in the app."],
      };
  }
}

export function unknownAppointmentPage(): LinkPage {
  return { status: 404, title: "Appointment not found", paragraphs: ["Please manage your appointments in the app."] };
}

/**
 * The link's version is no longer the appointment's: either this link (or its twin) was already
 * used, which the history shows, or the appointment changed since the reminder.
 */
export function answeredBeforePage(action: LinkAction, linkVersion: number, a: AppointmentView, tz: string): LinkPage {
  const next = a.history.find((e) => e.version === linkVersion + 1);
  if (next?.type === ATTENDANCE_CONFIRMED) {
    return {
      status: 200,
      title: "Attendance already confirmed",
      paragraphs: [`You confirmed on ${formatInstant(next.at, tz)}.`, when(a, tz)],
    };
  }
  if (a.status === "cancelled") {
    return { status: 200, title: "This appointment is cancelled", paragraphs: [when(a, tz)] };
  }
  return {
    status: 409,
    title: "This appointment has changed",
    paragraphs: [
      `This ${action === "confirm" ? "confirmation" : "cancellation"} link was for an earlier version of the appointment.`,
      when(a, tz),
    ],
  };
}

export function askPage(action: LinkAction, token: string, a: AppointmentView, tz: string): LinkPage {
  const verb = VERB[action];
  return {
    status: 200,
    title: action === "confirm" ? "Confirm your appointment" : "Cancel your appointment",
    paragraphs: [when(a, tz), verb.ask],
    form: { action, token, button: verb.button },
  };
}

export function donePage(action: LinkAction, a: AppointmentView, tz: string): LinkPage {
  return {
    status: 200,
    title: action === "confirm" ? "Attendance confirmed" : "Appointment cancelled",
    paragraphs: [VERB[action].done, when(a, tz)],
  };
}

/** Why the doctor's object refused the answer, in the patient's words. */
export function refusedAnswerPage(reason: string, a: AppointmentView | null, tz: string): LinkPage {
  const at = a ? [when(a, tz)] : [];
  if (reason === "too_late_to_cancel") {
    return {
      status: 409,
      title: "Too late to cancel online",
      paragraphs: ["The doctor's notice period for cancelling has passed. Please call the clinic.", ...at],
    };
  }
  if (reason === "not_found" || reason === "not_configured") return unknownAppointmentPage();
  return { status: 409, title: "This appointment can no longer be changed here", paragraphs: at };
}

export function renderLinkPage(page: LinkPage): string {
  const body = page.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("");
  const form = page.form
    ? `<form method="post" action="${escapeHtml(page.form.action)}">` +
      `<input type="hidden" name="token" value="${escapeHtml(page.form.token)}">` +
      `<button type="submit">${escapeHtml(page.form.button)}</button></form>`
    : "";
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(page.title)} – Prescripto</title>` +
    "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}" +
    "button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#1d4ed8;color:#fff;cursor:pointer}" +
    "button:focus{outline:3px solid #f59e0b;outline-offset:2px}</style></head>" +
    `<body><main><h1>${escapeHtml(page.title)}</h1>${body}${form}</main></body></html>`
  );
}
