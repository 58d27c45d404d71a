import type { Db, IndexDescription } from "mongodb";
import type {
  DeliveryAttempt,
  DeliveryStatus,
  DisabledReason,
  EndpointUpdateInput,
  WebhookDeliveryRecord,
  WebhookEndpointRecord,
} from "../../worker/kernel/webhooks/endpoint.ts";
import type { WebhookEventType } from "../../worker/kernel/webhooks/events.ts";

/**
 * Clinics' webhook endpoints and the delivery log (issue 15 item 4). Every read and write made
 * for a clinic filters on its clinicId, so one clinic's ids find nothing of another's.
 */
const endpoints = (db: Db) => db.collection<WebhookEndpointRecord>("webhook_endpoints");
const deliveries = (db: Db) => db.collection<WebhookDeliveryRecord>("webhook_deliveries");

export const WEBHOOK_INDEXES: Record<string, IndexDescription[]> = {
  // A clinic's endpoints (listing, and the fan-out's lookup of the clinics in a batch).
  webhook_endpoints: [{ key: { clinicId: 1, createdAt: -1 }, name: "clinic_created" }],
  // An endpoint's delivery log, newest first, paged by (createdAt, _id).
  webhook_deliveries: [{ key: { endpointId: 1, createdAt: -1, _id: -1 }, name: "endpoint_created" }],
};

/** Most endpoints one clinic may register (each event is one queue message per endpoint). */
export const MAX_ENDPOINTS_PER_CLINIC = 20;

export async function insertEndpoint(db: Db, record: WebhookEndpointRecord): Promise<"created" | "limit"> {
  const count = await endpoints(db).countDocuments({ clinicId: record.clinicId });
  if (count >= MAX_ENDPOINTS_PER_CLINIC) return "limit";
  await endpoints(db).insertOne(record);
  return "created";
}

export async function listEndpoints(db: Db, clinicId: string): Promise<WebhookEndpointRecord[]> {
  return endpoints(db).find({ clinicId }).sort({ createdAt: -1 }).limit(MAX_ENDPOINTS_PER_CLINIC).toArray();
}

export async function findEndpoint(db: Db, clinicId: string, id: string): Promise<WebhookEndpointRecord | null> {
  return endpoints(db).findOne({ _id: id, clinicId });
}

export async function updateEndpoint(
  db: Db,
  clinicId: string,
  id: string,
  change: EndpointUpdateInput,
  now: Date,
): Promise<WebhookEndpointRecord | null> {
  const set: Partial<WebhookEndpointRecord> = { updatedAt: now };
  if (change.url !== undefined) set.url = change.url;
  if (change.events !== undefined) set.events = change.events;
  if (change.description !== undefined) set.description = change.description;
  if (change.enabled !== undefined) {
    set.enabled = change.enabled;
    set.disabledReason = change.enabled ? null : "manual";
  }
  return endpoints(db).findOneAndUpdate({ _id: id, clinicId }, { $set: set }, { returnDocument: "after" });
}

/** Deletes the endpoint and its delivery log; messages still queued for it find nothing and stop. */
export async function deleteEndpoint(db: Db, clinicId: string, id: string): Promise<boolean> {
  const { deletedCount } = await endpoints(db).deleteOne({ _id: id, clinicId });
  if (deletedCount === 0) return false;
  await deliveries(db).deleteMany({ endpointId: id });
  return true;
}

/**
 * The new secret signs from now on; the current one keeps signing until now + overlap; older
 * ones that already expired are dropped.
 */
export async function rotateSecret(
  db: Db,
  clinicId: string,
  id: string,
  secret: string,
  overlapSeconds: number,
  now: Date,
): Promise<WebhookEndpointRecord | null> {
  const found = await findEndpoint(db, clinicId, id);
  if (!found) return null;
  const until = new Date(now.getTime() + overlapSeconds * 1000);
  const kept = found.secrets
    .map((s) => (s.expiresAt === null ? { ...s, expiresAt: until } : s))
    .filter((s) => overlapSeconds > 0 && s.expiresAt !== null && new Date(s.expiresAt) > now);
  const secrets = [{ secret, createdAt: now, expiresAt: null }, ...kept];
  return endpoints(db).findOneAndUpdate(
    { _id: id, clinicId },
    { $set: { secrets, updatedAt: now } },
    { returnDocument: "after" },
  );
}

/** The enabled endpoints of these clinics: what the fan-out needs to address an event. */
export async function endpointsForClinics(
  db: Db,
  clinicIds: string[],
): Promise<{ id: string; clinicId: string; events: WebhookEventType[] }[]> {
  if (clinicIds.length === 0) return [];
  const found = await endpoints(db)
    .find({ clinicId: { $in: clinicIds }, enabled: true }, { projection: { clinicId: 1, events: 1 } })
    .toArray();
  return found.map((e) => ({ id: e._id, clinicId: e.clinicId, events: e.events }));
}

/** Before an attempt: the endpoint (with its secrets) and where its delivery stands. */
export async function beginDelivery(
  db: Db,
  endpointId: string,
  deliveryId: string,
): Promise<{ endpoint: WebhookEndpointRecord | null; status: DeliveryStatus | null }> {
  const [endpoint, delivery] = await Promise.all([
    endpoints(db).findOne({ _id: endpointId }),
    deliveries(db).findOne({ _id: deliveryId }, { projection: { status: 1 } }),
  ]);
  return { endpoint, status: delivery?.status ?? null };
}

export interface DeliveryUpdate {
  id: string;
  endpointId: string;
  clinicId: string;
  messageId: string;
  payload: WebhookDeliveryRecord["payload"];
  status: DeliveryStatus;
  attempt: DeliveryAttempt | null;
  nextAttemptAt: Date | null;
}

/** Creates the delivery on its first write; appends the attempt (if any) and the new status. */
export async function recordDelivery(db: Db, u: DeliveryUpdate, now: Date): Promise<void> {
  await deliveries(db).updateOne(
    { _id: u.id },
    {
      $setOnInsert: {
        endpointId: u.endpointId,
        clinicId: u.clinicId,
        messageId: u.messageId,
        type: u.payload.type,
        payload: u.payload,
        createdAt: now,
      },
      $set: {
        status: u.status,
        nextAttemptAt: u.nextAttemptAt,
        updatedAt: now,
        ...(u.attempt ? { lastStatusCode: u.attempt.statusCode } : {}),
      },
      ...(u.attempt ? { $push: { attempts: u.attempt }, $inc: { attemptCount: 1 } } : { $inc: { attemptCount: 0 } }),
    },
    { upsert: true },
  );
}

export async function disableEndpoint(db: Db, id: string, reason: DisabledReason, now: Date): Promise<void> {
  await endpoints(db).updateOne({ _id: id }, { $set: { enabled: false, disabledReason: reason, updatedAt: now } });
}

export async function listDeliveries(
  db: Db,
  clinicId: string,
  endpointId: string,
  opts: { limit: number; before?: { createdAt: Date; id: string } },
): Promise<WebhookDeliveryRecord[]> {
  const before = opts.before
    ? {
        $or: [
          { createdAt: { $lt: opts.before.createdAt } },
          { createdAt: opts.before.createdAt, _id: { $lt: opts.before.id } },
        ],
      }
    : {};
  return deliveries(db)
    .find({ endpointId, clinicId, ...before })
    .sort({ createdAt: -1, _id: -1 })
    .limit(opts.limit)
    .toArray();
}

export async function findDelivery(
  db: Db,
  clinicId: string,
  endpointId: string,
  id: string,
): Promise<WebhookDeliveryRecord | null> {
  return deliveries(db).findOne({ _id: id, endpointId, clinicId });
}
