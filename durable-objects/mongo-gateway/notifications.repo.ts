import type { Db } from "mongodb";
import type { DoctorRecord } from "../../worker/kernel/domain/doctor.ts";
import type { UserRecord } from "../../worker/kernel/domain/user.ts";
import { collections } from "./collections.ts";

/**
 * What the notification consumer reads and writes in MongoDB. `notifications` holds one record
 * per delivery, keyed by (appointment, kind, version, recipient): the consumer claims it before
 * sending and marks it sent after, so a redelivered message, a retried consumer or a re-driven
 * dead letter finds it sent and sends nothing. Queried only by _id (no other index needed).
 */
export type DeliveryState = "sending" | "sent" | "skipped";

export interface NotificationRecord {
  _id: string;
  appointmentId: string;
  kind: string;
  version: number;
  recipient: "patient" | "doctor";
  state: DeliveryState;
  attempts: number;
  providerId: string | null;
  reason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface DeliveryKey {
  id: string;
  appointmentId: string;
  kind: string;
  version: number;
  recipient: "patient" | "doctor";
}

/** Only the fields an email needs: no phone, no password hash, nothing else about anyone. */
export interface NotificationContext {
  doctor: Pick<DoctorRecord, "name" | "email" | "speciality" | "timeZone" | "address"> | null;
  patient: { name: string; email: string; timeZone: string | null } | null;
  /** The appointment as MongoDB holds it now (it may lag the DO), to skip reminders gone stale. */
  current: { version: number; status: string; start: string } | null;
}

const notifications = (db: Db) => db.collection<NotificationRecord>("notifications");

export interface ContextIds {
  doctorId: string;
  patientId: string;
  appointmentId: string;
}

/**
 * The contexts of a whole batch of messages in three queries (doctors, patients, appointments by
 * id), in the order of `ids`: a batch costs MongoDB three round trips, not three per message.
 */
export async function loadNotificationContexts(db: Db, ids: readonly ContextIds[]): Promise<NotificationContext[]> {
  if (ids.length === 0) return [];
  const { doctors, users, appointments } = collections(db);
  const unique = (pick: (i: ContextIds) => string) => [...new Set(ids.map(pick))];
  const [doctorRows, patientRows, currentRows] = await Promise.all([
    doctors
      .find(
        { _id: { $in: unique((i) => i.doctorId) } },
        { projection: { name: 1, email: 1, speciality: 1, timeZone: 1, address: 1 } },
      )
      .toArray(),
    users
      .find(
        { _id: { $in: unique((i) => i.patientId) } },
        { projection: { name: 1, email: 1, timeZone: 1, deletedAt: 1 } },
      )
      .toArray(),
    appointments
      .find({ _id: { $in: unique((i) => i.appointmentId) } }, { projection: { version: 1, status: 1, start: 1 } })
      .toArray(),
  ]);
  const doctorsById = new Map(doctorRows.map((d) => [d._id, d]));
  const patientsById = new Map(patientRows.map((p) => [p._id, p as UserRecord]));
  const currentById = new Map(currentRows.map((c) => [c._id, c]));
  return ids.map((i) => {
    const doctor = doctorsById.get(i.doctorId);
    const patient = patientsById.get(i.patientId);
    const current = currentById.get(i.appointmentId);
    return {
      doctor: doctor
        ? {
            name: doctor.name,
            email: doctor.email,
            speciality: doctor.speciality,
            timeZone: doctor.timeZone,
            address: doctor.address,
          }
        : null,
      patient:
        patient && !patient.deletedAt
          ? { name: patient.name, email: patient.email, timeZone: patient.timeZone ?? null }
          : null,
      current: current
        ? { version: current.version, status: current.status, start: new Date(current.start).toISOString() }
        : null,
    };
  });
}

/**
 * Claims deliveries before sending: creates the record in "sending" (or counts another attempt)
 * and returns each key's state as stored. Keys already "sent" or "skipped" must not be sent.
 */
export async function claimDeliveries(
  db: Db,
  keys: DeliveryKey[],
  now = new Date(),
): Promise<Record<string, DeliveryState>> {
  if (keys.length === 0) return {};
  const claim = () =>
    notifications(db).bulkWrite(
      keys.map((k) => ({
        updateOne: {
          filter: { _id: k.id },
          update: {
            $setOnInsert: {
              appointmentId: k.appointmentId,
              kind: k.kind,
              version: k.version,
              recipient: k.recipient,
              state: "sending" as const,
              providerId: null,
              reason: null,
              createdAt: now,
            },
            $inc: { attempts: 1 },
            $set: { updatedAt: now },
          },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  try {
    await claim();
  } catch (error) {
    // Two upserts of one new key at the same moment (the same change fanned out twice): one of
    // them loses the insert race with E11000. The record exists now, so once more is an update.
    if ((error as { code?: number }).code !== 11000) throw error;
    await claim();
  }
  const stored = await notifications(db)
    .find({ _id: { $in: keys.map((k) => k.id) } }, { projection: { state: 1 } })
    .toArray();
  return Object.fromEntries(stored.map((r) => [r._id, r.state]));
}

export type DeliveryOutcome = { state: "sent"; providerId: string | null } | { state: "skipped"; reason: string };

/** Marks a batch's finished deliveries in one write. */
export async function finishDeliveries(
  db: Db,
  finished: readonly { id: string; outcome: DeliveryOutcome }[],
  now = new Date(),
): Promise<void> {
  if (finished.length === 0) return;
  await notifications(db).bulkWrite(
    finished.map(({ id, outcome }) => ({
      updateOne: {
        filter: { _id: id },
        update: {
          $set: {
            state: outcome.state,
            providerId: outcome.state === "sent" ? outcome.providerId : null,
            reason: outcome.state === "skipped" ? outcome.reason : null,
            updatedAt: now,
          },
        },
      },
    })),
    { ordered: false },
  );
}
