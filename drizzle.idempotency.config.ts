import { defineConfig } from "drizzle-kit";

export default defineConfig({
  out: "./migrations/idempotency-store",
  schema: "./durable-objects/idempotency-store/schema.ts",
  dialect: "sqlite",
  driver: "durable-sqlite",
});
