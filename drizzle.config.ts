import { defineConfig } from "drizzle-kit";

export default defineConfig({
  out: "./migrations",
  schema: "./durable-objects/doctor-schedule/schema.ts",
  dialect: "sqlite",
  driver: "durable-sqlite",
});
