import type { GatewayResult } from "../../worker/kernel/lib/gateway-result.ts";
import type {
  DeliveryStatus,
  DisabledReason,
  EndpointUpdateInput,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
} from "../../worker/kernel/webhooks/endpoint.ts";
import { AppointmentsGateway } from "./gateway-appointments.ts";
import * as webhooksRepo from "./webhooks.repo.ts";

/** Clinics' webhook endpoints and their delivery log (webhooks.repo.ts). */
export class WebhooksGateway extends AppointmentsGateway {
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
    return this.runDone((db) => webhooksRepo.recordDelivery(db, update, new Date()));
  }

  async disableWebhookEndpoint(id: string, reason: DisabledReason): Promise<GatewayResult<true>> {
    return this.runDone((db) => webhooksRepo.disableEndpoint(db, id, reason, new Date()));
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
}
