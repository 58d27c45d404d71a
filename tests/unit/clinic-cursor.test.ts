import { describe, expect, it } from "vitest";
import { AppointmentCursor, decodeCursor, encodeCursor, PatientCursor } from "../../worker/kernel/domain/cursor.ts";

describe("pagination cursors", () => {
  it("round-trip a position through an opaque URL-safe string", () => {
    const position = { s: "2026-12-01T04:30:00.000Z", i: "apt.doc_asha-rao.0123456789abcdef" };
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, AppointmentCursor)).toEqual(position);
  });

  it("round-trip non-ASCII text", () => {
    expect(decodeCursor(encodeCursor({ r: "रोगी-1" }), PatientCursor)).toEqual({ r: "रोगी-1" });
  });

  it("refuse anything that is not a cursor of the expected shape", () => {
    expect(decodeCursor("not a cursor!", AppointmentCursor)).toBeNull();
    expect(decodeCursor(encodeCursor({ r: "P-1" }), AppointmentCursor)).toBeNull();
    expect(decodeCursor(encodeCursor({ s: "yesterday", i: "x" }), AppointmentCursor)).toBeNull();
    expect(decodeCursor("bm90LWpzb24", PatientCursor)).toBeNull();
    expect(decodeCursor("", PatientCursor)).toBeNull();
  });
});
