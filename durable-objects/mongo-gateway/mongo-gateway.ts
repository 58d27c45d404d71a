import { WebhooksGateway } from "./gateway-webhooks.ts";

export type { DoctorListing } from "./gateway-directory.ts";
export type { DeadLetterInput } from "./gateway-operations.ts";

/**
 * Keeps a warm MongoClient so that hot paths do not pay a fresh TCP+TLS handshake per request
 * (~300 ms on Workers). The Worker spreads calls over MONGO_GATEWAY_SHARDS instances so no
 * single object becomes the bottleneck. It holds no state of its own: any shard can serve any call.
 *
 * Its RPC methods are grouped by area, one class per file, each extending the one before:
 * gateway-core (connection, ping) → gateway-operations (system-of-record writes, dead letters)
 * → gateway-directory (doctors, clinics, API keys, users) → gateway-appointments (reads, money,
 * clinic patients, feeds, notifications) → gateway-webhooks. Workers RPC serves inherited methods.
 */
export class MongoGateway extends WebhooksGateway {}
