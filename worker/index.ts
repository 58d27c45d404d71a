import { handleQueue } from "../queues/index.ts";
import { createApp } from "./http/app.ts";
import { isolateCacheHit } from "./http/middleware/edge-cache.ts";

export { AccountSessions } from "../durable-objects/account-sessions/account-sessions.ts";
export { DoctorSchedule } from "../durable-objects/doctor-schedule/doctor-schedule.ts";
export { IdempotencyStore } from "../durable-objects/idempotency-store/idempotency-store.ts";
export { MongoGateway } from "../durable-objects/mongo-gateway/mongo-gateway.ts";

const app = createApp();

export default {
  // A public GET cached in this isolate is answered before the app is entered (see isolateCacheHit).
  fetch: (request, env, ctx) => isolateCacheHit(request) ?? app.fetch(request, env, ctx),
  queue: handleQueue,
} satisfies ExportedHandler<Env>;
