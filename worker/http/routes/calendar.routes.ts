import { Hono } from "hono";
import { AppError } from "../../kernel/lib/errors.ts";
import { calendarFeedIcs, createCalendarFeed, revokeCalendarFeed } from "../../kernel/services/calendar-feeds.ts";
import { requireRole } from "../middleware/auth.ts";
import type { AppEnv } from "../types.ts";

/**
 * Calendar feeds. `GET /api/v1/calendar/<token>.ics` needs no login (calendar apps cannot send
 * one): the token is the credential. It is cacheable for a few minutes in private caches only
 * (calendar apps poll far less often); a revoked token is 404 like one that never existed.
 */
const FEED_MAX_AGE_SECONDS = 300;

export const calendarFeedRoutes = new Hono<AppEnv>().get("/:file{[A-Za-z0-9_-]+\\.ics}", async (c) => {
  const token = c.req.param("file").replace(/\.ics$/, "");
  const ics = await calendarFeedIcs(c.get("deps"), token);
  if (ics === null) throw new AppError("NOT_FOUND", "Calendar feed not found");
  return c.body(ics, 200, {
    "Content-Type": "text/calendar; charset=utf-8",
    "Cache-Control": `private, max-age=${FEED_MAX_AGE_SECONDS}`,
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex",
  });
});

/** `POST` creates (or regenerates) the caller's feed URL, `DELETE` revokes it: on /me and /doctor. */
function feedManagement(role: "patient" | "doctor") {
  const owner = (c: { get: (k: "caller") => { id: string; doctorId?: string } }) => ({
    role,
    id: role === "doctor" ? (c.get("caller").doctorId ?? "") : c.get("caller").id,
  });
  return new Hono<AppEnv>()
    .post("/calendar-feed", requireRole(role), async (c) => {
      const feed = await createCalendarFeed(c.get("deps"), owner(c));
      return c.json(feed, 201, { "Cache-Control": "no-store" });
    })
    .delete("/calendar-feed", requireRole(role), async (c) => {
      const { revoked } = await revokeCalendarFeed(c.get("deps"), owner(c));
      if (!revoked) throw new AppError("NOT_FOUND", "No calendar feed to revoke");
      return c.body(null, 204);
    });
}

export const patientFeedRoutes = feedManagement("patient");
export const doctorFeedRoutes = feedManagement("doctor");
