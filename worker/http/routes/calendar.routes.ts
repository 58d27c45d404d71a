import { createRoute, z } from "@hono/zod-openapi";
import { AppError } from "../../kernel/lib/errors.ts";
import { calendarFeedIcs, createCalendarFeed, revokeCalendarFeed } from "../../kernel/services/calendar-feeds.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { bearer, json } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";

/**
 * Calendar feeds. `GET /api/v1/calendar/<token>.ics` needs no login (calendar apps cannot send
 * one): the token is the credential. It is cacheable for a few minutes in private caches only
 * (calendar apps poll far less often); a revoked token is 404 like one that never existed.
 */
const FEED_MAX_AGE_SECONDS = 300;

const feed = createRoute({
  method: "get",
  path: "/{file}",
  tags: ["calendar"],
  summary: "A calendar feed (iCalendar) by its secret URL; 404 once revoked or regenerated",
  request: { params: z.object({ file: z.string().max(100).openapi({ example: "<token>.ics" }) }) },
  responses: {
    200: {
      description: "The owner's appointments as iCalendar",
      content: { "text/calendar": { schema: z.string() } },
    },
    ...commonErrors,
  },
});

export const calendarFeedRoutes = routeApp().openapi(feed, async (c) => {
  const file = c.req.valid("param").file;
  const ics = file.endsWith(".ics") ? await calendarFeedIcs(c.get("deps"), file.slice(0, -4)) : null;
  if (ics === null) throw new AppError("NOT_FOUND", "Calendar feed not found");
  return c.body(ics, 200, {
    "Content-Type": "text/calendar; charset=utf-8",
    "Cache-Control": `private, max-age=${FEED_MAX_AGE_SECONDS}`,
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
  });
});

const FeedUrl = z.object({ url: z.url() });

/** `POST` creates (or regenerates) the caller's feed URL, `DELETE` revokes it: on /me and /doctor. */
function feedManagement(role: "patient" | "doctor") {
  const tag = role === "doctor" ? "doctor" : "me";
  const create = createRoute({
    method: "post",
    path: "/calendar-feed",
    tags: [tag],
    summary: "Create or regenerate the secret calendar feed URL (the previous one stops working)",
    security: bearer,
    middleware: [requireRole(role), idempotent()] as const,
    request: { headers: IdempotencyHeaders },
    responses: { 201: json(FeedUrl, "The feed URL"), ...commonErrors, ...authErrors, ...idempotencyErrors },
  });
  const revoke = createRoute({
    method: "delete",
    path: "/calendar-feed",
    tags: [tag],
    summary: "Revoke the calendar feed URL (it answers 404 from now on)",
    security: bearer,
    middleware: [requireRole(role), idempotent()] as const,
    request: { headers: IdempotencyHeaders },
    responses: { 204: { description: "Revoked" }, ...commonErrors, ...authErrors, ...idempotencyErrors },
  });
  const ownerOf = (caller: { id: string; doctorId?: string }) => ({
    role,
    id: role === "doctor" ? (caller.doctorId ?? "") : caller.id,
  });
  return routeApp()
    .openapi(create, async (c) => {
      const created = await createCalendarFeed(c.get("deps"), ownerOf(c.get("caller")));
      return c.json(created, 201, { "Cache-Control": "no-store" });
    })
    .openapi(revoke, async (c) => {
      const { revoked } = await revokeCalendarFeed(c.get("deps"), ownerOf(c.get("caller")));
      if (!revoked) throw new AppError("NOT_FOUND", "No calendar feed to revoke");
      return c.body(null, 204);
    });
}

export const patientFeedRoutes = feedManagement("patient");
export const doctorFeedRoutes = feedManagement("doctor");
