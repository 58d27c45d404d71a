import { z } from "zod";

/**
 * Opaque pagination cursors: the position of the last item a page returned (keyset pagination),
 * as base64url JSON. Clients must not read them; the shape may change. A keyset position, unlike
 * an offset, does not shift when rows are inserted before it, so pages stay stable under inserts.
 */
export function encodeCursor(position: Record<string, string>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(position));
  let binary = "";
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** The position, or null for anything that is not a cursor of this shape. */
export function decodeCursor<T extends z.ZodType>(cursor: string, shape: T): z.infer<T> | null {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(cursor)) return null;
  try {
    const binary = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
    const text = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)));
    const parsed = shape.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Where a page of a clinic's appointments ended: (start, id), the list's sort order. */
export const AppointmentCursor = z.strictObject({ s: z.iso.datetime(), i: z.string().min(1).max(200) });
/** Where a page of a clinic's patients ended: the last reference. */
export const PatientCursor = z.strictObject({ r: z.string().min(1).max(64) });
