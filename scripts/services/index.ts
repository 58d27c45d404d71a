import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { ensureSystemDeps } from "../setup.ts";
import { type FerretDbService, startFerretDb } from "./ferretdb.ts";
import { startMailStandin } from "./mail-standin.ts";
import { type RazorpayStandin, startRazorpayStandin } from "./razorpay-standin.ts";
import { type RedisService, startRedis } from "./redis.ts";
import { startUpstashBridge } from "./upstash-bridge.ts";

export interface LocalServices {
  /** redis://127.0.0.1:port */
  redisUrl: string;
  /** http://127.0.0.1:port of the Upstash REST bridge */
  upstashUrl: string;
  upstashToken: string;
  /** Includes no database name; the app chooses it (MONGODB_DB). */
  mongoUri: string;
  /** http://127.0.0.1:port of the email provider stand-in (Resend's API; its mailbox page is /). */
  mailUrl: string;
  /** false when MONGODB_URI came from the environment. */
  mongoManaged: boolean;
  /** The local Razorpay (REST API, Checkout script, control endpoints) and its keys. */
  razorpay: RazorpayStandin;
  stop(): Promise<void>;
  /** For fault tests: stops FerretDB, keeping its data. */
  stopMongo(): Promise<void>;
  /** Restarts FerretDB on the same port and data directory. */
  startMongo(): Promise<void>;
  /** The services' log files (for rotation during long runs). */
  logFiles: string[];
}

export interface StartServicesOptions {
  /** Root for service data and logs (<dataDir>/logs/*.log). */
  dataDir: string;
  log?: (message: string) => void;
  /** Defaults to a random token per run. */
  upstashToken?: string;
}

/**
 * Starts Redis, FerretDB (unless MONGODB_URI is set) and the Upstash REST bridge, all
 * on free loopback ports. Children are killed when this process exits; call stop() to
 * shut down earlier (tests should, in afterAll).
 */
export async function startServices(opts: StartServicesOptions): Promise<LocalServices> {
  const log = opts.log ?? (() => {});
  const dataDir = resolve(opts.dataDir);
  mkdirSync(dataDir, { recursive: true });

  const deps = await ensureSystemDeps({ chromium: false, log });
  const externalMongoUri = process.env.MONGODB_URI || null;
  const ferretdbBin = deps.ferretdb;

  const [redisResult, mongoResult] = await Promise.allSettled([
    startRedis({ bin: deps.redisServer, dataDir, log }),
    externalMongoUri === null && ferretdbBin !== null
      ? startFerretDb({ bin: ferretdbBin, dataDir, log })
      : Promise.resolve(null),
  ]);
  const redis: RedisService | null = redisResult.status === "fulfilled" ? redisResult.value : null;
  const ferret: FerretDbService | null = mongoResult.status === "fulfilled" ? mongoResult.value : null;

  const failures = [redisResult, mongoResult].flatMap((r) => (r.status === "rejected" ? [r.reason] : []));
  if (failures.length > 0 || redis === null) {
    // Do not leave the half that did start running behind the error.
    await Promise.allSettled([redis?.stop(), ferret?.stop()]);
    throw failures.length === 1 ? failures[0] : new AggregateError(failures, "Local services failed to start");
  }

  const upstashToken = opts.upstashToken ?? randomBytes(24).toString("base64url");
  let bridge: Awaited<ReturnType<typeof startUpstashBridge>>;
  try {
    bridge = await startUpstashBridge({ redisUrl: redis.url, token: upstashToken, log });
  } catch (error) {
    await Promise.allSettled([redis.stop(), ferret?.stop()]);
    throw error;
  }
  log(`upstash bridge ready at ${bridge.url}`);
  const mail = await startMailStandin({}).catch(async (error: unknown) => {
    await Promise.allSettled([bridge.close(), redis.stop(), ferret?.stop()]);
    throw error;
  });
  log(`email stand-in ready at ${mail.url}`);
  const razorpay: RazorpayStandin = await startRazorpayStandin({
    dataFile: join(dataDir, "razorpay", "state.json"),
    log,
  }).catch(async (error: unknown) => {
    await Promise.allSettled([bridge.close(), mail.close(), redis.stop(), ferret?.stop()]);
    throw error;
  });

  const mongoUri = externalMongoUri ?? ferret?.uri;
  if (mongoUri === undefined) throw new Error("unreachable: neither MONGODB_URI nor FerretDB is available");

  const requireFerret = (action: string): FerretDbService => {
    if (ferret === null) throw new Error(`Cannot ${action} MongoDB: it is external (MONGODB_URI), not managed here.`);
    return ferret;
  };

  let stopping: Promise<void> | null = null;
  return {
    redisUrl: redis.url,
    upstashUrl: bridge.url,
    upstashToken,
    mongoUri,
    mailUrl: mail.url,
    mongoManaged: ferret !== null,
    razorpay,
    logFiles: [join(dataDir, "logs", "redis.log"), ...(ferret ? [join(dataDir, "logs", "ferretdb.log")] : [])],
    stop: () => {
      // Bridge first, so in-flight HTTP requests fail fast instead of hanging on Redis.
      stopping ??= Promise.allSettled([bridge.close(), mail.close(), razorpay.close()])
        .finally(() => Promise.allSettled([redis.stop(), ferret?.stop()]))
        .then(() => undefined);
      return stopping;
    },
    stopMongo: async () => requireFerret("stop").stop(),
    startMongo: async () => requireFerret("start").start(),
  };
}
