import { DurableObject } from "cloudflare:workers";
import type { Db } from "mongodb";
import { type AppConfig, requireConfig } from "../../worker/kernel/config.ts";
import { type AppointmentStatus, fromAppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import type { AppointmentFilter, PageCursor } from "../../worker/kernel/domain/appointment-page.ts";
import type { ApiKeyRecord, ClinicRecord } from "../../worker/kernel/domain/clinic.ts";
import type { ClinicPatientDetails, ClinicPatientRecord } from "../../worker/kernel/domain/clinic-patient.ts";
import {
  type DoctorProfileChange,
  type DoctorRecord,
  type PublicDoctor,
  toPublicDoctor,
} from "../../worker/kernel/domain/doctor.ts";
import type { AppointmentRow } from "../../worker/kernel/domain/money-report.ts";
import type { UserPatch, UserRecord } from "../../worker/kernel/domain/user.ts";
import type { GatewayResult } from "../../worker/kernel/lib/gateway-result.ts";
import { createLogger, type Logger } from "../../worker/kernel/lib/logger.ts";
import type { AppointmentSnapshot, SorRecord } from "../../worker/kernel/messages/sor-messages.ts";
import type {
  DeliveryStatus,
  DisabledReason,
  EndpointUpdateInput,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
} from "../../worker/kernel/webhooks/endpoint.ts";
import * as adminAppointmentsRepo from "./admin-appointments.repo.ts";
import * as appointmentsRepo from "./appointments.repo.ts";
import * as calendarFeedsRepo from "./calendar-feeds.repo.ts";
import * as clinicAppointmentsRepo from "./clinic-appointments.repo.ts";
import * as clinicPatientsRepo from "./clinic-patients.repo.ts";
import * as clinicsRepo from "./clinics.repo.ts";
import { collections, type DeadLetterRecord } from "./collections.ts";
import * as doctorsRepo from "./doctors.repo.ts";
import * as fhirAppointments from "./fhir-appointments.repo.ts";
import { MongoConnection, outageInStorage } from "./mongo-connection.ts";
import * as notificationsRepo from "./notifications.repo.ts";
import * as paymentReports from "./payment-reports.repo.ts";
import * as usersRepo from "./users.repo.ts";
import * as webhooksRepo from "./webhooks.repo.ts";

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
  private readonly connection: MongoConnection;
  private readonly config: AppConfig;
  private readonly log: Logger;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.config = requireConfig(env);
    // The shard in every line: an outage is logged once per gateway object, so say which.
    const shard = ctx.id.name ?? ctx.id.toString().slice(0, 12);
    this.log = createLogger({ level: this.config.LOG_LEVEL, fields: { component: "mongo-gateway", shard } });
    this.connection = new MongoConnection({
      config: this.config,
      log: this.log,
      waitUntil: (p) => ctx.waitUntil(p),
      outage: outageInStorage(ctx.storage.kv),
    });
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
    return this.run((db) => appointmentsRepo.applySorMessages(db, messages));
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

  /** A clinic's appointments for the FHIR view: one page after a (start, id) key, and the count. */
  async searchClinicAppointments(
    query: fhirAppointments.ClinicAppointmentQuery,
  ): Promise<GatewayResult<fhirAppointments.ClinicAppointmentPage>> {
    return this.run((db) => fhirAppointments.searchClinicAppointments(db, query));
  }

  /** Every doctor's appointments for the admin console: filtered, newest first, one cursor page. */
  async listAppointments(
    filter: AppointmentFilter,
    opts: { after: PageCursor | null; limit: number },
  ): Promise<GatewayResult<adminAppointmentsRepo.AppointmentPage>> {
    return this.run((db) => adminAppointmentsRepo.listAppointments(db, filter, opts));
  }

  async patientNames(ids: string[]): Promise<GatewayResult<Record<string, string>>> {
    return this.run((db) => adminAppointmentsRepo.patientNames(db, ids));
  }

  /** Dead letters not yet re-driven, oldest first. Invalid messages are listed but never re-driven. */
  async pendingDeadLetters(opts: {
    queues: string[];
    ids?: string[];
    limit: number;
    redrivableOnly: boolean;
  }): Promise<GatewayResult<DeadLetterRecord[]>> {
    return this.run(async (db) =>
      collections(db)
        .deadLetters.find({
          queue: { $in: opts.queues },
          ...(opts.ids ? { _id: { $in: opts.ids } } : {}),
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

  // A clinic's patients and appointments (clinic-patients.repo.ts, clinic-appointments.repo.ts).

  async upsertClinicPatient(
    key: { id: string; clinicId: string; ref: string },
    details: ClinicPatientDetails,
  ): Promise<GatewayResult<{ patient: ClinicPatientRecord; created: boolean }>> {
    return this.run((db) => clinicPatientsRepo.upsertPatient(db, key, details, new Date()));
  }

  async findClinicPatient(clinicId: string, id: string): Promise<GatewayResult<ClinicPatientRecord | null>> {
    return this.run((db) => clinicPatientsRepo.findPatient(db, clinicId, id));
  }

  async listClinicPatients(
    clinicId: string,
    opts: { afterRef?: string; limit: number },
  ): Promise<GatewayResult<{ patients: ClinicPatientRecord[]; more: boolean }>> {
    return this.run((db) => clinicPatientsRepo.listPatients(db, clinicId, opts));
  }

  async listClinicAppointments(
    query: clinicAppointmentsRepo.ClinicAppointmentsQuery,
  ): Promise<GatewayResult<{ appointments: AppointmentSnapshot[]; more: boolean }>> {
    return this.run((db) => clinicAppointmentsRepo.listClinicAppointments(db, query));
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

  // Calendar feeds: secret URLs stored hashed (calendar-feeds.repo.ts).

  async replaceCalendarFeed(owner: calendarFeedsRepo.FeedOwner, tokenHash: string): Promise<GatewayResult<true>> {
    return this.run(async (db) => {
      await calendarFeedsRepo.replaceFeed(db, owner, tokenHash);
      return true as const;
    });
  }

  async revokeCalendarFeeds(owner: calendarFeedsRepo.FeedOwner): Promise<GatewayResult<number>> {
    return this.run((db) => calendarFeedsRepo.revokeFeeds(db, owner));
  }

  async calendarFeed(tokenHash: string): Promise<GatewayResult<calendarFeedsRepo.FeedContents | null>> {
    return this.run((db) => calendarFeedsRepo.feedContents(db, tokenHash));
  }

  // Notification deliveries, once per (appointment, kind, version, recipient) (notifications.repo.ts).

  async loadNotificationContexts(
    ids: notificationsRepo.ContextIds[],
  ): Promise<GatewayResult<notificationsRepo.NotificationContext[]>> {
    return this.run((db) => notificationsRepo.loadNotificationContexts(db, ids));
  }

  async claimDeliveries(
    keys: notificationsRepo.DeliveryKey[],
  ): Promise<GatewayResult<Record<string, notificationsRepo.DeliveryState>>> {
    return this.run((db) => notificationsRepo.claimDeliveries(db, keys));
  }

  async finishDeliveries(
    finished: { id: string; outcome: notificationsRepo.DeliveryOutcome }[],
  ): Promise<GatewayResult<true>> {
    return this.run(async (db) => {
      await notificationsRepo.finishDeliveries(db, finished);
      return true as const;
    });
  }

  // Clinics' webhook endpoints and their delivery log (webhooks.repo.ts).

  async insertWebhookEndpoint(record: WebhookEndpointRecord): Promise<GatewayResult<"created" | "limit">> {
    return this.run((db) => webhooksRepo.insertEndpoint(db, record));
  }

  async listWebhookEndpoints(clinicId: string): Promise<GatewayResult<WebhookEndpointRecord[]>> {
    return this.run((db) => webhooksRepo.listEndpoints(db, clinicId));
  }

  async findWebhookEndpoint(clinicId: string, id: string): Promise<GatewayResult<WebhookEndpointRecord | null>> {
    return this.run((db) => webhooksRepo.findEndpoint(db, clinicId, id));
  }

  async updateWebhookEndpoint(
    clinicId: string,
    id: string,
    change: EndpointUpdateInput,
  ): Promise<GatewayResult<WebhookEndpointRecord | null>> {
    return this.run((db) => webhooksRepo.updateEndpoint(db, clinicId, id, change, new Date()));
  }

  async deleteWebhookEndpoint(clinicId: string, id: string): Promise<GatewayResult<boolean>> {
    return this.run((db) => webhooksRepo.deleteEndpoint(db, clinicId, id));
  }

  async rotateWebhookSecret(
    clinicId: string,
    id: string,
    secret: string,
    overlapSeconds: number,
  ): Promise<GatewayResult<WebhookEndpointRecord | null>> {
    return this.run((db) => webhooksRepo.rotateSecret(db, clinicId, id, secret, overlapSeconds, new Date()));
  }

  async webhookEndpointsFor(
    clinicIds: string[],
  ): Promise<GatewayResult<{ id: string; clinicId: string; events: string[] }[]>> {
    return this.run((db) => webhooksRepo.endpointsForClinics(db, clinicIds));
  }

  async beginWebhookDelivery(
    endpointId: string,
    deliveryId: string,
  ): Promise<GatewayResult<{ endpoint: WebhookEndpointRecord | null; status: DeliveryStatus | null }>> {
    return this.run((db) => webhooksRepo.beginDelivery(db, endpointId, deliveryId));
  }

  async recordWebhookDelivery(update: webhooksRepo.DeliveryUpdate): Promise<GatewayResult<true>> {
    return this.run(async (db) => {
      await webhooksRepo.recordDelivery(db, update, new Date());
      return true as const;
    });
  }

  async disableWebhookEndpoint(id: string, reason: DisabledReason): Promise<GatewayResult<true>> {
    return this.run(async (db) => {
      await webhooksRepo.disableEndpoint(db, id, reason, new Date());
      return true as const;
    });
  }

  async listWebhookDeliveries(
    clinicId: string,
    endpointId: string,
    opts: { limit: number; before?: { createdAt: Date; id: string } },
  ): Promise<GatewayResult<WebhookDeliveryRecord[]>> {
    return this.run((db) => webhooksRepo.listDeliveries(db, clinicId, endpointId, opts));
  }

  async findWebhookDelivery(
    clinicId: string,
    endpointId: string,
    id: string,
  ): Promise<GatewayResult<WebhookDeliveryRecord | null>> {
    return this.run((db) => webhooksRepo.findDelivery(db, clinicId, endpointId, id));
  }

  /** Every call runs through the shard's connection (see MongoConnection). */
  private run<T>(work: (db: Db) => Promise<T>): Promise<GatewayResult<T>> {
    return this.connection.run(work);
  }
}
