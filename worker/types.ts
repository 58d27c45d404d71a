import type { AppConfig } from "./config.ts";
import type { Logger } from "./lib/logger.ts";
import type { Caller } from "./middleware/auth.ts";

/** Hono's environment for this app: bindings from wrangler, variables set by middleware. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: AppConfig;
    log: Logger;
    caller: Caller;
  };
}
