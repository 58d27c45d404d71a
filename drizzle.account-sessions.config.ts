import { defineConfig } from "drizzle-kit";

export default defineConfig({
  out: "./migrations/account-sessions",
  schema: "./durable-objects/account-sessions/schema.ts",
  dialect: "sqlite",
  driver: "durable-sqlite",
});
