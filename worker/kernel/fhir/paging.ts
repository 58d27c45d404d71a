import { badParam } from "./search-params.ts";

/**
 * Opaque page tokens: base64url JSON. Appointment pages continue after a (start, id) key, so a
 * page never repeats or skips a row when others are added; slot pages are computed afresh and
 * continue at an offset (`d`: the slot search's first schedule of the page, see searches.ts).
 */
export type AppointmentCursor = { s: number; i: string };
export type SlotCursor = { o: number; d?: number };

export function encodePageToken(value: AppointmentCursor | SlotCursor): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

function decode(token: string): unknown {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(token)) return null;
  try {
    return JSON.parse(atob(token.replaceAll("-", "+").replaceAll("_", "/")));
  } catch {
    return null;
  }
}

export function appointmentCursor(token: string): AppointmentCursor {
  const v = decode(token) as Partial<AppointmentCursor> | null;
  if (v && Number.isSafeInteger(v.s) && typeof v.i === "string" && v.i.length <= 200) {
    return { s: v.s as number, i: v.i };
  }
  throw badParam("_page", "not a page token of this search");
}

export function slotCursor(token: string): SlotCursor {
  const v = decode(token) as Partial<SlotCursor> | null;
  const d = v?.d;
  if (v && Number.isSafeInteger(v.o) && (v.o as number) >= 0) {
    if (d === undefined) return { o: v.o as number };
    if (Number.isSafeInteger(d) && d >= 0) return { o: v.o as number, d };
  }
  throw badParam("_page", "not a page token of this search");
}

/** self and next links: the request's own parameters, with _page replaced for the next page. */
export function pageLinks(url: string, nextToken: string | null): { relation: "self" | "next"; url: string }[] {
  const self = new URL(url);
  const links: { relation: "self" | "next"; url: string }[] = [{ relation: "self", url: self.toString() }];
  if (nextToken) {
    const next = new URL(url);
    next.searchParams.set("_page", nextToken);
    links.push({ relation: "next", url: next.toString() });
  }
  return links;
}
