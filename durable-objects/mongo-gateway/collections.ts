import type { Db, IndexDescription } from "mongodb";
import type { AppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import type { ApiKeyRecord, ClinicRecord } from "../../worker/kernel/domain/clinic.ts";
import type { ClinicPatientRecord } from "../../worker/kernel/domain/clinic-patient.ts";
import type { DoctorRecord } from "../../worker/kernel/domain/doctor.ts";
import type { PaymentRecord, RefundRecord } from "../../worker/kernel/domain/payment-record.ts";
import type { UserRecord } from "../../worker/kernel/domain/user.ts";
import type { DeadLetterRecord } from "../../worker/kernel/messages/dead-letter.ts";
import { PAYMENT_REPORT_INDEXES } from "./payment-reports.repo.ts";
import { WEBHOOK_INDEXES } from "./webhooks.repo.ts";

export interface QueueProbeRecord {
  _id: string;
  sentAt: Date;
  consumedAt: Date;
}

export type { DeadLetterRecord };

export function collections(db: Db) {
  return {
    doctors: db.collection<DoctorRecord>("doctors"),
    queueProbes: db.collection<QueueProbeRecord>("queue_probes"),
    deadLetters: db.collection<DeadLetterRecord>("dead_letters"),
    appointments: db.collection<AppointmentRecord>("appointments"),
    users: db.collection<UserRecord>("users"),
    clinics: db.collection<ClinicRecord>("clinics"),
    apiKeys: db.collection<ApiKeyRecord>("api_keys"),
    clinicPatients: db.collection<ClinicPatientRecord>("clinic_patients"),
    // `rev`: the appointment version written with the record (payments.repo.ts guards on it).
    payments: db.collection<PaymentRecord & { rev: number }>("payments"),
    refunds: db.collection<RefundRecord & { rev: number }>("refunds"),
  };
}

/** Every query the product makes has an index; created idempotently at gateway start and by the seed. */
const INDEXES: Record<string, IndexDescription[]> = {
  doctors: [
    { key: { slug: 1 }, name: "slug_unique", unique: true },
    { key: { email: 1 }, name: "email_unique", unique: true },
    { key: { speciality: 1, name: 1 }, name: "speciality_name" },
  ],
  // Probes only prove the queue path end to end; old ones are pruned by the writer (no TTL
  // index: FerretDB, the local server, does not implement them).
  queue_probes: [{ key: { consumedAt: 1 }, name: "consumed_at" }],
  dead_letters: [{ key: { queue: 1, recordedAt: -1 }, name: "queue_recorded" }],
  appointments: [
    { key: { patientId: 1, start: -1 }, name: "patient_start" },
    { key: { doctorId: 1, start: 1 }, name: "doctor_start" },
    { key: { clinicId: 1, start: -1 }, name: "clinic_start" },
    // Two active appointments on one doctor's slot are impossible in the DO; this makes the
    // system of record refuse them too. `slotLock` is "<doctorId>|<start>" while the appointment
    // is active and its own id otherwise, so a plain unique index acts as a partial one (FerretDB,
    // our local server, has no partialFilterExpression; this works unchanged on Atlas).
    { key: { slotLock: 1 }, name: "active_slot_unique", unique: true },
  ],
  payments: [
    { key: { appointmentId: 1 }, name: "appointment" },
    { key: { doctorId: 1, createdAt: -1 }, name: "doctor_created" },
  ],
  refunds: [
    { key: { appointmentId: 1 }, name: "appointment" },
    { key: { paymentId: 1 }, name: "payment" },
  ],
  // Login looks accounts up by normalized email; deleted accounts hold a unique tombstone value.
  users: [{ key: { email: 1 }, name: "email_unique", unique: true }],
  clinics: [
    { key: { slug: 1 }, name: "slug_unique", unique: true },
    // Which clinics a doctor belongs to (multikey).
    { key: { doctorIds: 1 }, name: "doctor_ids" },
  ],
  api_keys: [
    // Every API request looks its key up by hash.
    { key: { hash: 1 }, name: "hash_unique", unique: true },
    { key: { clinicId: 1, createdAt: -1 }, name: "clinic_created" },
  ],
  // A clinic's patients are listed by its reference (and read by _id, which embeds both).
  clinic_patients: [{ key: { clinicId: 1, ref: 1 }, name: "clinic_ref" }],
  // Feeds are read by their token hash (_id); regenerating or revoking finds the owner's.
  calendar_feeds: [{ key: { ownerRole: 1, ownerId: 1 }, name: "owner" }],
};

/**
 * Creates the indexes that are missing, one at a time. Listing first keeps this cheap when they
 * all exist, and avoids a FerretDB v1 crash on createIndexes of several already-existing indexes.
 */
export async function ensureIndexes(db: Db): Promise<void> {
  const all: [string, IndexDescription[]][] = [
    ...Object.entries(INDEXES),
    ...Object.entries(PAYMENT_REPORT_INDEXES),
    ...Object.entries(WEBHOOK_INDEXES),
  ];
  for (const [name, specs] of all) {
    const collection = db.collection(name);
    const existing = await indexNames(db, name);
    for (const { key, ...options } of specs) {
      if (options.name && existing.has(options.name)) continue;
      try {
        await collection.createIndex(key, options);
      } catch (error) {
        // Another gateway shard may have created it a moment ago.
        if (!(options.name && (await indexNames(db, name)).has(options.name))) throw error;
      }
    }
  }
}

async function indexNames(db: Db, collection: string): Promise<Set<string>> {
  try {
    const indexes = await db.collection(collection).listIndexes().toArray();
    return new Set(indexes.map((i) => String(i.name)));
  } catch (error) {
    if ((error as { code?: number }).code === 26) return new Set(); // NamespaceNotFound
    throw error;
  }
}

export type { AppointmentRecord };
