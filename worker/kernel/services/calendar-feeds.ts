import { randomId } from "../auth/refresh-token.ts";
import { mongoGateway, unwrap } from "../clients/mongo-gateway.ts";
import type { Deps } from "../deps.ts";
import { buildFeed } from "../notifications/feed.ts";

/**
 * Secret calendar feed URLs for patients and doctors. The token (32 random bytes) is shown once,
 * in the URL; MongoDB keeps only its SHA-256, so a database leak reveals no working feed. Making
 * a new one replaces the old (regenerate); revoking leaves none, and the old URL answers 404.
 */
export type FeedOwner = { role: "patient" | "doctor"; id: string };

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

async function hashToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export function feedUrl(appBaseUrl: string, token: string): string {
  return `${appBaseUrl.replace(/\/$/, "")}/api/v1/calendar/${token}.ics`;
}

export async function createCalendarFeed(deps: Deps, owner: FeedOwner): Promise<{ url: string }> {
  const token = randomId(32);
  unwrap(await mongoGateway(deps.env, deps.config, owner.id).replaceCalendarFeed(owner, await hashToken(token)));
  return { url: feedUrl(deps.config.APP_BASE_URL, token) };
}

export async function revokeCalendarFeed(deps: Deps, owner: FeedOwner): Promise<{ revoked: boolean }> {
  const removed = unwrap(await mongoGateway(deps.env, deps.config, owner.id).revokeCalendarFeeds(owner));
  return { revoked: removed > 0 };
}

/** The feed's iCalendar text, or null when the token names no feed (malformed, revoked, replaced). */
export async function calendarFeedIcs(deps: Deps, token: string): Promise<string | null> {
  if (!TOKEN.test(token)) return null;
  const contents = unwrap(await mongoGateway(deps.env, deps.config).calendarFeed(await hashToken(token)));
  if (!contents) return null;
  return buildFeed({
    owner: contents.owner.role,
    appointments: contents.appointments,
    doctors: contents.doctors.map((d) => ({ id: d._id, name: d.name, timeZone: d.timeZone, address: d.address })),
    appBaseUrl: deps.config.APP_BASE_URL,
  });
}
