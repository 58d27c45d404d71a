import { describe, expect, it } from "vitest";
import { packOutbox } from "../../durable-objects/doctor-schedule/outbox-envelopes.ts";
import { AppointmentSnapshotsMessage } from "../../worker/kernel/messages/sor-messages.ts";
import { appointmentSnapshot } from "../support/snapshots.ts";

const at = "2031-01-01T09:00:00.000Z";
function row(id: number, reason = "") {
  const history = reason
    ? [
        {
          version: 1,
          type: "booked",
          fromStatus: null,
          toStatus: "booked",
          actor: { role: "patient", id: "p_pack" },
          reason,
          fromStart: null,
          toStart: at,
          at,
        },
      ]
    : [];
  const id20 = String(id).padStart(20, "0");
  const snapshot = appointmentSnapshot({
    id: `apt.doc_pack.${id20}`,
    doctorId: "doc_pack",
    patientId: "p_pack",
    start: at,
    minutes: 0,
    history,
  });
  return { id, payload: JSON.stringify(snapshot) };
}

/** An envelope as the consumer reads it (packOutbox returns any system-of-record message). */
const envelopesOf = (messages: unknown[]) => messages.map((m) => AppointmentSnapshotsMessage.parse(m));

describe("packOutbox", () => {
  it("packs many changes into one envelope, in order, each snapshot with its outbox id", () => {
    const batches = packOutbox("doc_pack", [row(1), row(2), row(3)]);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(1);
    const [envelope] = envelopesOf(batches[0] ?? []);
    expect(envelope).toEqual(batches[0]?.[0]);
    expect(envelope?.snapshots.map((s) => s.outboxId)).toEqual([1, 2, 3]);
    expect(envelope?.snapshots[1]?.appointment.id).toBe(`apt.doc_pack.${"2".padStart(20, "0")}`);
  });

  it("starts a new envelope at the snapshot count limit", () => {
    const rows = Array.from({ length: 7 }, (_, i) => row(i + 1));
    const envelopes = envelopesOf(packOutbox("doc_pack", rows, { maxBytes: 1_000_000, maxSnapshots: 3 }).flat());
    expect(envelopes.map((e) => e.snapshots.length)).toEqual([3, 3, 1]);
    expect(envelopes.flatMap((e) => e.snapshots.map((s) => s.outboxId))).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("keeps every envelope under the byte limit (counting UTF-8), and sendBatch calls under 240 KB", () => {
    // ~20 KB of UTF-8 per snapshot but only ~7 K characters: counted in characters, 13 would
    // seem to fit in a 96 KB envelope; in bytes only 4 do.
    const rows = Array.from({ length: 14 }, (_, i) => row(i + 1, "स्वास्थ्य ".repeat(700)));
    const batches = packOutbox("doc_pack", rows);
    const envelopes = envelopesOf(batches.flat());
    for (const e of envelopes) {
      expect(new TextEncoder().encode(JSON.stringify(e)).byteLength).toBeLessThanOrEqual(96 * 1024);
    }
    expect(envelopes.flatMap((e) => e.snapshots.map((s) => s.outboxId))).toEqual(rows.map((r) => r.id));
    expect(envelopes.map((e) => e.snapshots.length)).toEqual([4, 4, 4, 2]);
    for (const batch of batches) {
      const bytes = batch.reduce((n, e) => n + new TextEncoder().encode(JSON.stringify(e)).byteLength, 0);
      expect(bytes).toBeLessThanOrEqual(240 * 1024);
    }
    expect(batches.length).toBeGreaterThan(1);
  });

  it("sends a doctor's booking terms as a message of their own, with their outbox id", () => {
    const terms = { type: "doctor.terms", doctorId: "doc_pack", version: 4, feePaise: 500, acceptingBookings: false };
    const messages = packOutbox("doc_pack", [row(1), { id: 2, payload: JSON.stringify(terms) }, row(3)]).flat();
    expect(messages).toContainEqual({ ...terms, outboxId: 2 });
    const envelopes = envelopesOf(messages.filter((m) => m.type === "appointment.snapshots"));
    expect(envelopes.flatMap((e) => e.snapshots.map((s) => s.outboxId))).toEqual([1, 3]);
  });

  it("returns nothing for no rows", () => {
    expect(packOutbox("doc_pack", [])).toEqual([]);
  });
});
