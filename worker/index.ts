import { handleQueue } from "../queues/index.ts";
import { createApp } from "./http/app.ts";
import { isolateCacheHit } from "./http/middleware/edge-cache.ts";
import { withSecurityHeaders } from "./http/middleware/security-headers.ts";
import { isWebPath, serveWeb } from "./http/web-shell.ts";

export { AccountSessions } from "../durable-objects/account-sessions/account-sessions.ts";
export { DoctorSchedule } from "../durable-objects/doctor-schedule/doctor-schedule.ts";
export { IdempotencyStore } from "../durable-objects/idempotency-store/idempotency-store.ts";
export { MongoGateway } from "../durable-objects/mongo-gateway/mongo-gateway.ts";
export { PatientHolds } from "../durable-objects/patient-holds/patient-holds.ts";

const app = createApp();

export default {
  fetch: (request, env, ctx) => {
    // A public GET cached in this isolate is answered before the app is entered (see isolateCacheHit).
    const hit = isolateCacheHit(request);
    if (hit) return withSecurityHeaders(hit, env, "api");
    // Outside the API only the web app's shell and misses reach the Worker (wrangler.toml [assets]).
    if (isWebPath(request)) return serveWeb(request, env);
    return app.fetch(request, env, ctx);
  },
  queue: handleQueue,
} satisfies ExportedHandler<Env>;
