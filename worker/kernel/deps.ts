import type { AppConfig } from "./config.ts";
import type { Logger } from "./lib/logger.ts";

/**
 * What kernel services need from their host: bindings, parsed config, a logger and a way to run
 * work after the answer. The HTTP layer builds one per request (`c.get("deps")`); a Durable
 * Object or a queue consumer builds its own. No service takes a Hono `Context`.
 */
export interface Deps {
  env: Env;
  config: AppConfig;
  log: Logger;
  waitUntil: (promise: Promise<unknown>) => void;
}
