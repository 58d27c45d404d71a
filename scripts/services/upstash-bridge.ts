import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Redis, ReplyError } from "ioredis";
import { LOOPBACK } from "./ports.ts";
import {
  HttpError,
  needsOwnConnection,
  parseCommand,
  parseCommandList,
  parsePathCommand,
  type RedisCommand,
} from "./upstash-commands.ts";

/**
 * A local stand-in for the Upstash Redis REST API, in front of a real redis-server, so
 * the Worker can use `@upstash/redis` unchanged in dev and tests.
 *
 * Wire contract (as sent/parsed by @upstash/redis' HttpClient):
 *   POST /            body ["SET","k","v","EX",10]        -> {"result": ...}
 *   POST /pipeline    body [[cmd...], [cmd...]]           -> [{"result"}|{"error"}, ...]
 *   POST /multi-exec  same, atomically via MULTI/EXEC     -> same shape
 *   GET|POST /cmd/arg/arg...  (curl-style path form; a POST body becomes the last arg)
 * Auth is `Authorization: Bearer <token>` (or `?_token=`), otherwise 401
 * {"error":"Unauthorized"}. With `Upstash-Encoding: base64` every string in the result
 * is base64 of the raw bytes; numbers and nulls are untouched. Failed commands give
 * 400 {"error":"ERR ..."}; in pipelines the error is per entry, the HTTP status 200.
 * The `upstash-sync-token` request header (read-your-writes) is accepted and ignored:
 * a single Redis is always consistent with itself, and the client treats a missing
 * response header as "no token".
 */
export interface UpstashBridge {
  url: string;
  close(): Promise<void>;
}

export interface StartUpstashBridgeOptions {
  redisUrl: string;
  token: string;
  /** Defaults to a free port chosen by the kernel. */
  port?: number;
  log?: (message: string) => void;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startUpstashBridge(opts: StartUpstashBridgeOptions): Promise<UpstashBridge> {
  const log = opts.log ?? (() => {});
  const redis = new Redis(opts.redisUrl, {
    lazyConnect: true,
    // Upstash replies have RESP2 shapes (flat HGETALL arrays, scores as strings).
    protocol: 2,
    disableClientInfo: true,
    connectionName: "upstash-bridge",
    // Fail requests within seconds while Redis is down instead of queueing them for
    // the default 20 reconnect attempts.
    maxRetriesPerRequest: 2,
  });
  let errorReported = false;
  let lastError: Error | null = null;
  redis.on("error", (error: Error) => {
    lastError = error;
    // ioredis emits this on every reconnect attempt; one line per outage is enough.
    if (!errorReported) log(`upstash-bridge: redis connection error: ${error.message}`);
    errorReported = true;
  });
  redis.on("ready", () => {
    errorReported = false;
  });
  try {
    await redis.connect();
  } catch (error) {
    // Otherwise ioredis keeps reconnecting in the background forever.
    redis.disconnect();
    // connect() only says "Connection is closed"; the error event has the real cause.
    const cause = lastError ?? (error as Error);
    throw new Error(`upstash-bridge: cannot connect to ${opts.redisUrl}: ${cause.message}`, { cause });
  }

  const expectedToken: Buffer = Buffer.from(opts.token, "utf8");
  const server = createServer((req, res) => {
    handle(req, res, redis, expectedToken).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      // Path only: the query string may carry the token (?_token=).
      log(`upstash-bridge: ${req.method} ${(req.url ?? "").split("?")[0]}: ${message}`);
      if (!res.headersSent) send(res, 500, { error: `ERR ${message}` });
      else res.destroy();
    });
  });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: LOOPBACK, port: opts.port ?? 0 }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    redis.disconnect();
    throw error;
  }

  const { port } = server.address() as AddressInfo;
  const url = `http://${LOOPBACK}:${port}`;

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Clients use keep-alive; without this close() waits for them to time out.
        server.closeAllConnections();
      });
      await redis.quit().catch(() => redis.disconnect());
    })();
    return closing;
  };

  return { url, close };
}

async function handle(req: IncomingMessage, res: ServerResponse, redis: Redis, expectedToken: Buffer): Promise<void> {
  try {
    const url = new URL(req.url ?? "/", "http://bridge.invalid");
    if (!isAuthorized(req, url, expectedToken)) {
      send(res, 401, { error: "Unauthorized" });
      return;
    }
    const base64 = /^base64$/i.test(String(req.headers["upstash-encoding"] ?? ""));
    const method = req.method ?? "GET";
    const path = url.pathname.replace(/\/+$/, "") || "/";
    const isPost = method === "POST" || method === "PUT";

    if (path === "/pipeline" || path === "/multi-exec") {
      if (!isPost) throw new HttpError(405, "ERR method not allowed, use POST");
      const commands = parseCommandList(await readJson(req));
      if (path === "/pipeline") {
        send(res, 200, await runPipeline(redis, commands, base64));
      } else {
        send(res, 200, await runTransaction(redis, commands, base64));
      }
      return;
    }

    let command: RedisCommand;
    if (path === "/") {
      if (!isPost) throw new HttpError(400, 'ERR no command: POST a JSON array such as ["PING"]');
      command = parseCommand(await readJson(req), "request body");
    } else if (isPost || method === "GET") {
      command = parsePathCommand(path);
      if (isPost) {
        // Upstash's path form appends a POSTed value (JSON or binary) as the last argument.
        const body = await readBody(req);
        if (body.length > 0) command.args.push(body);
      }
    } else {
      throw new HttpError(405, `ERR method ${method} not allowed`);
    }
    send(res, 200, { result: encodeReply(await runSingle(redis, command), base64) });
  } catch (error) {
    if (error instanceof HttpError) {
      send(res, error.status, { error: error.message });
    } else if (error instanceof ReplyError) {
      send(res, 400, { error: (error as Error).message });
    } else {
      throw error;
    }
  }
}

function isAuthorized(req: IncomingMessage, url: URL, expected: Buffer): boolean {
  const header = req.headers.authorization;
  const presented =
    header === undefined ? url.searchParams.get("_token") : (/^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? null);
  if (presented === null) return false;
  const actual: Buffer = Buffer.from(presented, "utf8");
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

async function runSingle(redis: Redis, command: RedisCommand): Promise<unknown> {
  if (!needsOwnConnection([command])) return redis.callBuffer(command.name, ...command.args);
  const own = redis.duplicate({ connectionName: "upstash-bridge-blocking" });
  try {
    return await own.callBuffer(command.name, ...command.args);
  } finally {
    own.disconnect();
  }
}

async function runPipeline(redis: Redis, commands: RedisCommand[], base64: boolean): Promise<unknown[]> {
  const own = needsOwnConnection(commands) ? redis.duplicate({ connectionName: "upstash-bridge-blocking" }) : null;
  try {
    const pipeline = (own ?? redis).pipeline();
    for (const { name, args } of commands) pipeline.callBuffer(name, ...args);
    return toEntries(await pipeline.exec(), base64);
  } finally {
    own?.disconnect();
  }
}

async function runTransaction(redis: Redis, commands: RedisCommand[], base64: boolean): Promise<unknown[]> {
  // Blocking commands do not block inside MULTI, so the shared connection is fine here.
  const transaction = redis.multi();
  for (const { name, args } of commands) transaction.callBuffer(name, ...args);
  let results: [Error | null, unknown][] | null;
  try {
    results = await transaction.exec();
  } catch (error) {
    // EXECABORT: a command was rejected while queueing (unknown command, wrong arity),
    // so Redis ran none of them. Upstash reports that as one error for the request; the
    // queueing error is what tells the caller what to fix, so include it.
    if (error instanceof ReplyError) {
      const previous = (error as { previousErrors?: Error[] }).previousErrors?.[0]?.message;
      const message = (error as Error).message.replace(/\.$/, "");
      throw new HttpError(400, previous ? `${message}: ${previous}` : message);
    }
    throw error;
  }
  if (results === null) throw new Error("transaction was aborted by Redis");
  return toEntries(results, base64);
}

function toEntries(results: [Error | null, unknown][] | null, base64: boolean): unknown[] {
  return (results ?? []).map(([error, reply]) => {
    if (error === null) return { result: encodeReply(reply, base64) };
    // Only Redis' own replies belong to the caller; a lost connection is our failure.
    if (error instanceof ReplyError) return { error: error.message };
    throw error;
  });
}

/**
 * Replies come from callBuffer, so bulk and status strings are Buffers holding Redis'
 * exact bytes: base64 mode is then binary-safe, and plain mode decodes them as UTF-8
 * (lossy for binary values, exactly like Upstash without the encoding header).
 */
function encodeReply(reply: unknown, base64: boolean): unknown {
  if (reply === null || reply === undefined) return null;
  if (isBuffer(reply)) return base64 ? reply.toString("base64") : reply.toString("utf8");
  if (typeof reply === "string") return base64 ? Buffer.from(reply, "utf8").toString("base64") : reply;
  if (typeof reply === "number") return reply;
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  // An error nested in an array reply (e.g. from EVAL): keep its text visible.
  if (reply instanceof Error) return encodeReply(reply.message, base64);
  return encodeReply(String(reply), base64);
}

// The global Buffer value is typed `any` here (@cloudflare/workers-types shares this
// tsconfig), so Buffer.isBuffer() does not narrow; this guard restores the types.
function isBuffer(value: unknown): value is Buffer {
  return Buffer.isBuffer(value);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new HttpError(400, `ERR failed to parse JSON request body: ${detail}`);
  }
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, `ERR request body exceeds ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(payload),
    // After an oversized body the rest of the upload is still in flight; do not try to
    // reuse that connection for the next request.
    ...(status === 413 ? { connection: "close" } : {}),
  });
  res.end(payload);
}
