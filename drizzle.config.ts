import { defineConfig } from "drizzle-kit";

// DoctorSchedule's SQLite. The IdempotencyStore has its own: drizzle.idempotency.config.ts.
export default defineConfig({
  out: "./migrations/doctor-schedule",
  schema: "./durable-objects/doctor-schedule/schema.ts",
  dialect: "sqlite",
  driver: "durable-sqlite",
});
