import type { Db } from "mongodb";
import { type AppointmentRecord, toAppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import type { SorRecord } from "../../worker/kernel/messages/sor-messages.ts";
import { collections } from "./collections.ts";
import { applyMoneyRecords, isMoneyRecord } from "./payments.repo.ts";

/** Queue probes are kept this long (the health check only looks for the one it just sent). */
const PROBE_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Applies system-of-record messages idempotently. Appointment snapshots are upserted keyed by id
 * and guarded by version (an older version never overwrites a newer one). Returns the indexes of
 * messages to retry later: a snapshot that collides with another appointment still active on the
 * same slot (its cancellation has not arrived yet) waits for it.
 */
export async function applySorMessages(db: Db, messages: SorRecord[]): Promise<{ retry: number[] }> {
  const { queueProbes, appointments } = collections(db);
  const now = new Date();
  const retry: number[] = [];
  const probes = messages.filter((m) => m.type === "probe");
  if (probes.length > 0) {
    await queueProbes.bulkWrite(
      probes.map((p) => ({
        updateOne: {
          filter: { _id: p.probeId },
          update: { $setOnInsert: { sentAt: new Date(p.sentAt), consumedAt: now } },
          upsert: true,
        },
      })),
      { ordered: false },
    );
    await queueProbes.deleteMany({ consumedAt: { $lt: new Date(now.getTime() - PROBE_RETENTION_MS) } });
  }
  const money = messages.filter(isMoneyRecord);
  if (money.length > 0) await applyMoneyRecords(db, money, now);
  const snapshots = messages
    .map((m, index) => ({ m, index }))
    .filter(
      (x): x is { m: Extract<SorRecord, { type: "appointment.snapshot" }>; index: number } =>
        x.m.type === "appointment.snapshot",
    );
  const records = snapshots.map(({ m, index }) => ({ index, record: toAppointmentRecord(m.appointment, now) }));
  // One round trip for the whole batch. If anything in it failed, do not trust the server's
  // report of which entries were applied (FerretDB stops an unordered batch at its first error
  // without saying so): look at what is stored and settle each remaining entry on its own.
  if (records.length > 0) {
    try {
      await appointments.bulkWrite(
        records.map(({ record }) => writeSnapshot(record)),
        { ordered: false },
      );
    } catch (error) {
      if (!(error as { writeErrors?: unknown }).writeErrors) throw error;
      const stored = new Map(
        (
          await appointments
            .find({ _id: { $in: records.map((r) => r.record._id) } }, { projection: { version: 1 } })
            .toArray()
        ).map((d) => [d._id, d.version]),
      );
      for (const { index, record } of records) {
        if ((stored.get(record._id) ?? 0) >= record.version) continue;
        try {
          await appointments.bulkWrite([upsertNewer(record)]);
        } catch (single) {
          if ((single as { code?: number }).code !== 11000) throw single;
          // Stale (a newer version landed meanwhile: done) or another appointment still
          // holds the slot in MongoDB (retry once its newer snapshot has arrived).
          const now = await appointments.findOne({ _id: record._id }, { projection: { version: 1 } });
          if (!now || now.version < record.version) retry.push(index);
        }
      }
    }
  }
  return { retry };
}

/**
 * A first version is inserted: if any version is stored already, the insert fails on _id and the
 * entry is settled with the others that failed (it is older or the same: nothing to write). That
 * is what the guarded upsert would do, but FerretDB's SQLite backend narrows a query down to one
 * document only for a bare `{ _id }` filter: the upsert's `{ _id, version }` filter reads and
 * decodes the whole collection, on every booking. Later versions still go through the upsert.
 */
function writeSnapshot(record: AppointmentRecord) {
  return record.version === 1 ? { insertOne: { document: record } } : upsertNewer(record);
}

/** Upsert keyed by id and guarded by version: an older snapshot never overwrites a newer one. */
function upsertNewer(record: AppointmentRecord) {
  const { _id, ...rest } = record;
  return {
    updateOne: { filter: { _id, version: { $lt: record.version } }, update: { $set: rest }, upsert: true },
  };
}
