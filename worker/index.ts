import { handleQueue } from "../queues/index.ts";
import { createApp } from "./app.ts";

export { AccountSessions } from "../durable-objects/account-sessions/account-sessions.ts";
export { DoctorSchedule } from "../durable-objects/doctor-schedule/doctor-schedule.ts";
export { IdempotencyStore } from "../durable-objects/idempotency-store/idempotency-store.ts";
export { MongoGateway } from "../durable-objects/mongo-gateway/mongo-gateway.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: handleQueue,
} satisfies ExportedHandler<Env>;
