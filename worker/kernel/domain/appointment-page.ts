/**
 * Cursor pagination over appointments, newest start first (ties by id), for the admin list.
 * Pure: the cursor is an opaque base64url of "<start ISO>|<id>", the last row of a page; the next
 * page is everything strictly after it in that order, so rows inserted meanwhile never shift or
 * repeat what the reader has already seen.
 */
import { z } from "zod";
import type { AppointmentStatus } from "./appointment.ts";

export const ADMIN_PAGE_MAX = 100;

export interface AppointmentFilter {
  doctorId?: string;
  patientId?: string;
  status?: AppointmentStatus;
  /** Start at or after this instant. */
  from?: string;
  /** Start before this instant. */
  to?: string;
}

export interface PageCursor {
  start: string;
  id: string;
}

export function encodeCursor(c: PageCursor): string {
  const bytes = new TextEncoder().encode(`${c.start}|${c.id}`);
  let bin = "";
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

const Decoded = z.object({ start: z.iso.datetime(), id: z.string().min(1).max(100) });

/** The cursor's position, or null for anything this API did not hand out. */
export function decodeCursor(cursor: string): PageCursor | null {
  try {
    const bin = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
    const text = new TextDecoder().decode(Uint8Array.from(bin, (ch) => ch.charCodeAt(0)));
    const bar = text.indexOf("|");
    if (bar < 0) return null;
    const parsed = Decoded.safeParse({ start: text.slice(0, bar), id: text.slice(bar + 1) });
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
