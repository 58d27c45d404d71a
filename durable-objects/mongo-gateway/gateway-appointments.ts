import { type AppointmentStatus, fromAppointmentRecord } from "../../worker/kernel/domain/appointment.ts";
import type { AppointmentFilter, PageCursor } from "../../worker/kernel/domain/appointment-page.ts";
import type { ClinicPatientDetails, ClinicPatientRecord } from "../../worker/kernel/domain/clinic-patient.ts";
import type { AdminPaymentRow, AppointmentRow } from "../../worker/kernel/domain/money-report.ts";
import type { GatewayResult } from "../../worker/kernel/lib/gateway-result.ts";
import type { AppointmentSnapshot } from "../../worker/kernel/messages/sor-messages.ts";
import * as adminAppointmentsRepo from "./admin-appointments.repo.ts";
import * as calendarFeedsRepo from "./calendar-feeds.repo.ts";
import * as clinicAppointmentsRepo from "./clinic-appointments.repo.ts";
import * as clinicPatientsRepo from "./clinic-patients.repo.ts";
import { collections } from "./collections.ts";
import * as fhirAppointments from "./fhir-appointments.repo.ts";
import { DirectoryGateway } from "./gateway-directory.ts";
import * as notificationsRepo from "./notifications.repo.ts";
import * as paymentReports from "./payment-reports.repo.ts";

/** Reads over the appointments and payments MongoDB holds, a clinic's patients, feeds, notifications. */
export class AppointmentsGateway extends DirectoryGateway {
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

  // Money reports and the admin payments list (payment-reports.repo.ts).

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
  ): Promise<GatewayResult<{ rows: AdminPaymentRow[]; more: boolean }>> {
    return this.run((db) => paymentReports.listPayments(db, filter));
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

  // Calendar feeds: secret URLs stored hashed (calendar-feeds.repo.ts).

  async replaceCalendarFeed(owner: calendarFeedsRepo.FeedOwner, tokenHash: string): Promise<GatewayResult<true>> {
    return this.runDone((db) => calendarFeedsRepo.replaceFeed(db, owner, tokenHash));
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
    return this.runDone((db) => notificationsRepo.finishDeliveries(db, finished));
  }
}
