import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { scheduleOfAppointment } from "../../kernel/clients/doctor-schedule.ts";
import { doctorIdOfAppointment } from "../../kernel/domain/appointment.ts";
import {
  answeredBeforePage,
  askPage,
  donePage,
  type LinkPage,
  linkNotConfiguredPage,
  refusedAnswerPage,
  refusedLinkPage,
  renderLinkPage,
  unknownAppointmentPage,
} from "../../kernel/notifications/link-pages.ts";
import { checkLinkFor, type LinkAction, verifyLink } from "../../kernel/notifications/links.ts";
import { commonErrors } from "../openapi/errors.ts";
import { routeApp } from "../openapi/route-app.ts";
import type { AppEnv } from "../types.ts";

/**
 * The pages behind a reminder's links (`/appointment-links/confirm|cancel?token=…`): GET asks
 * for one click, POST (the page's form) acts through the doctor's DO. HTML, not the JSON API:
 * a person opens these from an email. The token is the only credential, so the pages keep it
 * out of referrers and caches.
 */
const LINK_READER = { role: "system", id: "reminder-link" } as const;

function page(c: Context<AppEnv>, p: LinkPage) {
  return c.html(renderLinkPage(p), p.status, {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
    "Content-Security-Policy":
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  });
}

/** Verifies the token for this action and finds the appointment and the doctor's zone. */
async function resolve(c: Context<AppEnv>, action: LinkAction, token: string) {
  const secret = c.get("config").LINK_SIGNING_SECRET;
  if (!secret) return { ok: false, page: linkNotConfiguredPage() } as const;
  const check = await verifyLink(secret, token, { action, now: new Date() });
  if (!check.ok) return { ok: false, page: refusedLinkPage(check) } as const;
  const { appointmentId } = check.claims;
  if (!doctorIdOfAppointment(appointmentId)) return { ok: false, page: unknownAppointmentPage() } as const;
  const { stub } = scheduleOfAppointment(c.env, appointmentId);
  const [appointment, schedule] = await Promise.all([stub.get(appointmentId, LINK_READER), stub.getSchedule()]);
  if (!appointment || !schedule) return { ok: false, page: unknownAppointmentPage() } as const;
  return { ok: true, claims: check.claims, appointment, timeZone: schedule.settings.timeZone, stub } as const;
}

const actionOf = (c: Context<AppEnv>): LinkAction => (c.req.param("action") === "cancel" ? "cancel" : "confirm");

const Params = z.object({ action: z.enum(["confirm", "cancel"]) });
const html = (description: string) => ({ description, content: { "text/html": { schema: z.string() } } });
/**
 * A page, or the usual JSON envelope for the same status when the request never reaches a page
 * (an unknown action, an invalid query, the configuration): both are declared (the fuzz layer
 * found the envelope undeclared).
 */
const pageOrEnvelope = (status: 400 | 404 | 503, description: string) => ({
  description: `${description}; or the error envelope`,
  content: { ...html("").content, ...commonErrors[status].content },
});
// Every outcome is a page (expired 410, invalid 400, changed 409, unknown 404, not configured 503).
const pages = {
  200: html("The page: a question (GET) or what was done (POST)"),
  400: pageOrEnvelope(400, "The link is not valid"),
  404: pageOrEnvelope(404, "No such appointment"),
  409: html("The appointment changed since the link was sent"),
  410: html("The link has expired"),
  503: pageOrEnvelope(503, "Links are not configured"),
};
const ask = createRoute({
  method: "get",
  path: "/{action}",
  tags: ["links"],
  summary: "A reminder link's page: asks for one click (a form), changes nothing",
  request: { params: Params, query: z.object({ token: z.string().max(2048).optional() }) },
  responses: { ...commonErrors, ...pages },
});
const act = createRoute({
  method: "post",
  path: "/{action}",
  tags: ["links"],
  summary: "Answers a reminder link (form field `token`): confirms attendance or cancels",
  request: { params: Params },
  responses: { ...commonErrors, ...pages },
});

export const linkRoutes = routeApp()
  .openapi(ask, async (c) => {
    const action = actionOf(c);
    const token = c.req.query("token") ?? "";
    const found = await resolve(c, action, token);
    if (!found.ok) return page(c, found.page);
    const { claims, appointment, timeZone } = found;
    if (!checkLinkFor(claims, appointment).ok) {
      return page(c, answeredBeforePage(action, claims.version, appointment, timeZone));
    }
    return page(c, askPage(action, token, appointment, timeZone));
  })
  .openapi(act, async (c) => {
    const action = actionOf(c);
    const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
    const token = typeof form.token === "string" ? form.token : "";
    const found = await resolve(c, action, token);
    if (!found.ok) return page(c, found.page);
    const { claims, timeZone, stub } = found;
    const answer = await stub.answerReminderLink(claims.appointmentId, claims.version, action);
    if (answer.ok) return page(c, donePage(action, answer.appointment, timeZone));
    if (answer.reason === "stale" && answer.appointment) {
      return page(c, answeredBeforePage(action, claims.version, answer.appointment, timeZone));
    }
    return page(c, refusedAnswerPage(answer.reason, answer.appointment, timeZone));
  });
