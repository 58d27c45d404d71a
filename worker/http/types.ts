import type { Caller } from "../kernel/auth/caller.ts";
import type { AppConfig } from "../kernel/config.ts";
import type { Deps } from "../kernel/deps.ts";
import type { Logger } from "../kernel/lib/logger.ts";

/** Hono's environment for this app: bindings from wrangler, variables set by middleware. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    config: AppConfig;
    log: Logger;
    caller: Caller;
    /** What kernel services need, built once per request by requestContext. */
    deps: Deps;
  };
}
