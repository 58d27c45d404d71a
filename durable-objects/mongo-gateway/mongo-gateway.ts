import { DurableObject } from "cloudflare:workers";
import { type Db, MongoClient } from "mongodb";
import { type AppConfig, requireConfig } from "../../worker/kernel/config.ts";
import {
  type AppointmentStatus,
  fromAppointmentRecord,
  toAppointmentRecord,
} from "../../worker/kernel/domain/appointment.ts";
import type { ApiKeyRecord, ClinicRecord } from "../../worker/kernel/domain/clinic.ts";
import {
  type DoctorProfileChange,
  type DoctorRecord,
  type PublicDoctor,
  toPublicDoctor,
} from "../../worker/kernel/domain/doctor.ts";
import type { AppointmentRow } from "../../worker/kernel/domain/money-report.ts";
import type { UserPatch, UserRecord } from "../../worker/kernel/domain/user.ts";
import { type GatewayResult, isTransientMongoError } from "../../worker/kernel/lib/gateway-result.ts";
import { createLogger, type Logger } from "../../worker/kernel/lib/logger.ts";
import type { AppointmentSnapshot, SorRecord } from "../../worker/kernel/messages/sor-messages.ts";
import * as clinicsRepo from "./clinics.repo.ts";
import { type AppointmentRecord, collections, type DeadLetterRecord, ensureIndexes } from "./collections.ts";
import * as doctorsRepo from "./doctors.repo.ts";
import * as notificationsRepo from "./notifications.repo.ts";
import * as paymentReports from "./payment-reports.repo.ts";
import * as usersRepo from "./users.repo.ts";

const PROBE_RETENTION_MS = 24 * 60 * 60 * 1000;

export interface DoctorListing {
  doctors: PublicDoctor[];
  specialities: string[];
}

export interface DeadLetterInput {
  queue: string;
  messageId: string;
  body: unknown;
  attempts: number;
  reason: string;
}

/**
 * Keeps a warm MongoClient so that hot paths do not pay a fresh TCP+TLS handshake per request
 * (~300 ms on Workers). The Worker spreads calls over MONGO_GATEWAY_SHARDS instances so no
 * single object becomes the bottleneck. It holds no state of its own: any shard can serve any call.
 */
export class MongoGateway extends DurableObject<Env> {
  /** The client new calls use; a failed one is retired and closed once its calls have finished. */
  private current: ClientGeneration | null = null;
  /** When the current outage was first seen (null: MongoDB answering), so it is logged once. */
  private unavailableSince: number | null = null;
  private readonly config: AppConfig;
  private readonly log: Logger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = requireConfig(env);
    // The shard in every line: an outage is logged once per gateway object, so say which.
    const shard = ctx.id.name ?? ctx.id.toString().slice(0, 12);
    this.log = createLogger({ level: this.config.LOG_LEVEL, fields: { component: "mongo-gateway", shard } });
  }

  async ping(): Promise<GatewayResult<{ latencyMs: number }>> {
    return this.run(async (db) => {
      const started = Date.now();
      await db.command({ ping: 1 });
      return { latencyMs: Date.now() - started };
    });
  }

  async listDoctors(filter: { speciality?: string }): Promise<GatewayResult<DoctorListing>> {
    return this.run(async (db) => {
      const { doctors } = collections(db);
      const query = filter.speciality ? { speciality: filter.speciality } : {};
      const [docs, specialities] = await Promise.all([
        doctors.find(query).sort({ name: 1 }).limit(500).toArray(),
        doctors.distinct("speciality"),
      ]);
      return { doctors: docs.map(toPublicDoctor), specialities: specialities.sort() };
    });
  }

  /**
   * Applies system-of-record messages idempotently. Appointment snapshots are upserted keyed by
   * id and guarded by version (an older version never overwrites a newer one). Returns the
   * indexes of messages to retry later: a snapshot that collides with another appointment still
   * active on the same slot (its cancellation has not arrived yet) waits for it.
   */
  async applySorMessages(messages: SorRecord[]): Promise<GatewayResult<{ retry: number[] }>> {
    return this.run(async (db) => {
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
    });
  }

  async listPatientAppointments(
    patientId: string,
    opts: { status?: AppointmentStatus; limit: number },
  ): Promise<GatewayResult<AppointmentSnapshot[]>> {
    return this.run(async (db) => {
      const docs = await collections(db)
        .appointments.find({ patientId, ...(opts.status ? { status: opts.status } : {}) })
        .sort({ start: -1 })
        .limit(opts.limit)
        .toArray();
      return docs.map(fromAppointmentRecord);
    });
  }

  /** Dead letters not yet re-driven, oldest first. Invalid messages are listed but never re-driven. */
  async pendingDeadLetters(opts: {
    queue: string;
    limit: number;
    redrivableOnly: boolean;
  }): Promise<GatewayResult<DeadLetterRecord[]>> {
    return this.run(async (db) =>
      collections(db)
        .deadLetters.find({
          queue: opts.queue,
          redrivenAt: null,
          ...(opts.redrivableOnly ? { reason: "retries exhausted" } : {}),
        })
        .sort({ recordedAt: 1 })
        .limit(opts.limit)
        .toArray(),
    );
  }

  async markRedriven(ids: string[]): Promise<GatewayResult<{ marked: number }>> {
    return this.run(async (db) => {
      const r = await collections(db).deadLetters.updateMany(
        { _id: { $in: ids } },
        { $set: { redrivenAt: new Date() } },
      );
      return { marked: r.modifiedCount };
    });
  }

  async findProbe(probeId: string): Promise<GatewayResult<{ consumedAt: string } | null>> {
    return this.run(async (db) => {
      const probe = await collections(db).queueProbes.findOne({ _id: probeId });
      return probe ? { consumedAt: probe.consumedAt.toISOString() } : null;
    });
  }

  async recordDeadLetters(entries: DeadLetterInput[]): Promise<GatewayResult<{ recorded: number }>> {
    return this.run(async (db) => {
      const { deadLetters } = collections(db);
      const now = new Date();
      await deadLetters.bulkWrite(
        entries.map((e) => {
          const doc: DeadLetterRecord = {
            _id: `${e.queue}:${e.messageId}`,
            queue: e.queue,
            messageId: e.messageId,
            body: e.body,
            attempts: e.attempts,
            reason: e.reason,
            recordedAt: now,
            redrivenAt: null,
          };
          return { replaceOne: { filter: { _id: doc._id }, replacement: doc, upsert: true } };
        }),
        { ordered: false },
      );
      return { recorded: entries.length };
    });
  }

  // Doctors beyond the public listing: onboarding, admin views, profile updates (doctors.repo.ts).

  /** Captured payments and money-moving refunds in [start, end) (one doctor's, or everyone's). */
  async moneyRows(span: {
    start: Date;
    end: Date;
    doctorId?: string;
  }): Promise<GatewayResult<paymentReports.MoneyRows>> {
    return this.run((db) => paymentReports.moneyRows(db, span));
  }

  async appointmentRows(span: { start: Date; end: Date }): Promise<GatewayResult<AppointmentRow[]>> {
    return this.run((db) => paymentReports.appointmentRows(db, span));
  }

  async listPayments(
    filter: paymentReports.PaymentFilter,
  ): Promise<GatewayResult<{ rows: paymentReports.AdminPaymentRow[]; more: boolean }>> {
    return this.run((db) => paymentReports.listPayments(db, filter));
  }

  async insertDoctor(record: DoctorRecord): Promise<GatewayResult<doctorsRepo.InsertDoctorResult>> {
    return this.run((db) => doctorsRepo.insertDoctor(db, record));
  }

  async findDoctor(by: { id: string } | { email: string }): Promise<GatewayResult<DoctorRecord | null>> {
    return this.run((db) =>
      "id" in by ? doctorsRepo.findDoctorById(db, by.id) : doctorsRepo.findDoctorByEmail(db, by.email),
    );
  }

  async isDoctorSlugTaken(slug: string): Promise<GatewayResult<boolean>> {
    return this.run((db) => doctorsRepo.isDoctorSlugTaken(db, slug));
  }

  async findDoctorsByIds(ids: string[]): Promise<GatewayResult<DoctorRecord[]>> {
    return this.run((db) => doctorsRepo.findDoctorsByIds(db, ids));
  }

  async listDoctorRecords(opts: { limit: number; speciality?: string }): Promise<GatewayResult<DoctorRecord[]>> {
    return this.run((db) => doctorsRepo.listDoctors(db, opts));
  }

  async deleteDoctor(doctorId: string, email: string): Promise<GatewayResult<boolean>> {
    return this.run((db) => doctorsRepo.deleteDoctor(db, doctorId, email));
  }

  async syncBookingTerms(
    doctorId: string,
    terms: { feePaise: number; acceptingBookings: boolean },
    version: number,
  ): Promise<GatewayResult<{ speciality: string } | null>> {
    return this.run((db) => doctorsRepo.syncBookingTerms(db, doctorId, terms, version, new Date()));
  }

  async updateDoctorProfile(
    doctorId: string,
    change: DoctorProfileChange,
  ): Promise<GatewayResult<{ before: DoctorRecord; after: DoctorRecord } | null>> {
    return this.run((db) => doctorsRepo.updateDoctorProfile(db, doctorId, change, new Date()));
  }

  // Clinics and their API keys (clinics.repo.ts).

  async insertClinic(record: ClinicRecord): Promise<GatewayResult<{ created: true } | { duplicate: "slug" }>> {
    return this.run((db) => clinicsRepo.insertClinic(db, record));
  }

  async findClinic(clinicId: string): Promise<GatewayResult<ClinicRecord | null>> {
    return this.run((db) => clinicsRepo.findClinic(db, clinicId));
  }

  async listClinics(limit: number): Promise<GatewayResult<ClinicRecord[]>> {
    return this.run((db) => clinicsRepo.listClinics(db, limit));
  }

  async setClinicDoctor(
    clinicId: string,
    doctorId: string,
    attached: boolean,
  ): Promise<GatewayResult<ClinicRecord | null>> {
    return this.run((db) => clinicsRepo.setClinicDoctor(db, clinicId, doctorId, attached, new Date()));
  }

  async insertApiKey(record: ApiKeyRecord): Promise<GatewayResult<true>> {
    return this.run(async (db) => {
      await clinicsRepo.insertApiKey(db, record);
      return true as const;
    });
  }

  async listApiKeys(clinicId: string): Promise<GatewayResult<ApiKeyRecord[]>> {
    return this.run((db) => clinicsRepo.listApiKeys(db, clinicId));
  }

  async revokeApiKey(clinicId: string, keyId: string): Promise<GatewayResult<ApiKeyRecord | null>> {
    return this.run((db) => clinicsRepo.revokeApiKey(db, clinicId, keyId, new Date()));
  }

  /** What an API key authenticates as: the key (by the hash of the presented key) and its clinic. */
  async resolveApiKey(hash: string): Promise<GatewayResult<{ key: ApiKeyRecord; clinic: ClinicRecord } | null>> {
    return this.run(async (db) => {
      const key = await clinicsRepo.findApiKeyByHash(db, hash);
      const clinic = key ? await clinicsRepo.findClinic(db, key.clinicId) : null;
      return key && clinic ? { key, clinic } : null;
    });
  }

  async touchApiKey(keyId: string, minIntervalMs: number): Promise<GatewayResult<true>> {
    return this.run(async (db) => {
      await clinicsRepo.touchApiKey(db, keyId, new Date(), minIntervalMs);
      return true as const;
    });
  }

  // Login accounts of patients and doctors (users.repo.ts).

  async createUser(record: UserRecord): Promise<GatewayResult<usersRepo.CreateUserResult>> {
    return this.run((db) => usersRepo.createUser(db, record));
  }

  async findUserByEmail(normalizedEmail: string): Promise<GatewayResult<UserRecord | null>> {
    return this.run((db) => usersRepo.findUserByEmail(db, normalizedEmail));
  }

  async findUserById(id: string): Promise<GatewayResult<UserRecord | null>> {
    return this.run((db) => usersRepo.findUserById(db, id));
  }

  async updateUser(id: string, patch: UserPatch): Promise<GatewayResult<UserRecord | null>> {
    return this.run((db) => usersRepo.updateUser(db, id, patch));
  }

  async deleteUser(id: string): Promise<GatewayResult<{ deleted: boolean }>> {
    return this.run((db) => usersRepo.deleteUser(db, id));
  }

  // Notification deliveries, once per (appointment, kind, version, recipient) (notifications.repo.ts).

  async loadNotificationContext(ids: {
    doctorId: string;
    patientId: string;
    appointmentId: string;
  }): Promise<GatewayResult<notificationsRepo.NotificationContext>> {
    return this.run((db) => notificationsRepo.loadNotificationContext(db, ids));
  }

  async claimDeliveries(
    keys: notificationsRepo.DeliveryKey[],
  ): Promise<GatewayResult<Record<string, notificationsRepo.DeliveryState>>> {
    return this.run((db) => notificationsRepo.claimDeliveries(db, keys));
  }

  async finishDelivery(
    id: string,
    outcome: { state: "sent"; providerId: string | null } | { state: "skipped"; reason: string },
  ): Promise<GatewayResult<true>> {
    return this.run(async (db) => {
      await notificationsRepo.finishDelivery(db, id, outcome);
      return true as const;
    });
  }

  /**
   * Every call runs here. A connection failure (refused, timed out, interrupted by the driver's
   * server monitor while MongoDB stalls, or the client closed under the call) is the answer
   * "unavailable", never an exception crossing RPC (workerd reports those as uncaught). The outage
   * is logged once when it starts and once when it ends; the client it happened on is replaced.
   */
  private async run<T>(work: (db: Db) => Promise<T>): Promise<GatewayResult<T>> {
    const generation = this.generation();
    generation.inFlight += 1;
    try {
      const value = await work(await generation.db);
      this.noteAvailable();
      return { ok: true, value };
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      this.noteUnavailable(error);
      this.retire(generation);
      return { ok: false, reason: "unavailable", message: "MongoDB is unavailable" };
    } finally {
      generation.inFlight -= 1;
      if (generation.retired) this.closeWhenIdle(generation);
    }
  }

  private generation(): ClientGeneration {
    if (this.current && !this.current.retired) return this.current;
    const client = new MongoClient(this.config.MONGODB_URI, {
      maxPoolSize: 8,
      serverSelectionTimeoutMS: 2_500,
      connectTimeoutMS: 2_500,
      socketTimeoutMS: 15_000,
      appName: "prescripto-edge",
    });
    const generation: ClientGeneration = {
      client,
      db: (async () => {
        await client.connect();
        const db = client.db(this.config.MONGODB_DB);
        await ensureIndexes(db);
        return db;
      })(),
      inFlight: 0,
      retired: false,
    };
    // The calls awaiting a failed connect see its error; the next call starts a new client.
    generation.db.catch(() => this.retire(generation));
    this.current = generation;
    return generation;
  }

  /**
   * New calls get a fresh client; this one is closed only when no call is using it, because
   * closing interrupts every operation still running on it (MongoClientClosedError).
   */
  private retire(generation: ClientGeneration): void {
    generation.retired = true;
    if (this.current === generation) this.current = null;
  }

  private closeWhenIdle(generation: ClientGeneration): void {
    if (generation.inFlight > 0 || generation.closing) return;
    generation.closing = true;
    this.ctx.waitUntil(generation.client.close(true).catch(() => undefined));
  }

  private noteUnavailable(error: unknown): void {
    if (this.unavailableSince !== null) {
      this.log.debug("mongodb still unavailable", { error });
      return;
    }
    this.unavailableSince = Date.now();
    this.log.warn("mongodb unavailable", { error });
  }

  private noteAvailable(): void {
    if (this.unavailableSince === null) return;
    this.log.info("mongodb available again", { unavailableMs: Date.now() - this.unavailableSince });
    this.unavailableSince = null;
  }
}

interface ClientGeneration {
  client: MongoClient;
  db: Promise<Db>;
  /** Calls running on this client. */
  inFlight: number;
  retired: boolean;
  closing?: boolean;
}

/** Names of the driver's errors that mean "no usable connection" beyond isTransientMongoError's. */
const CONNECTION_FAILURES = new Set([
  // The server monitor timed out (a stalled server) and interrupted the pooled connections.
  "PoolClearedOnNetworkError",
  "MongoClientClosedError",
  "MongoServerClosedError",
  "MongoOperationTimeoutError",
]);

/** A failure to reach MongoDB, also when wrapped (a bulk write wraps the network error it met). */
function isConnectionFailure(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  if (isTransientMongoError(error) || CONNECTION_FAILURES.has(error.name)) return true;
  const wrapped = (error as { errorResponse?: unknown }).errorResponse ?? error.cause;
  return isConnectionFailure(wrapped, depth + 1);
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
