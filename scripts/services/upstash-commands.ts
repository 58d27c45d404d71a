import { translateScriptCommand } from "./upstash-scripts.ts";

// The Upstash bridge's commands: parsed from JSON bodies or URL paths, refused when they would
// break the shared connection (upstash-bridge.ts runs them).

/**
 * Commands that would change the state of the shared connection (or hijack it) and so
 * break every other request going through the bridge. Upstash does not offer them over
 * REST either; transactions go through /multi-exec instead.
 */
const CONNECTION_STATE_COMMANDS = new Set([
  "AUTH",
  "CLIENT",
  "DISCARD",
  "EXEC",
  "HELLO",
  "MONITOR",
  "MULTI",
  "PSUBSCRIBE",
  "PSYNC",
  "PUNSUBSCRIBE",
  "QUIT",
  "RESET",
  "SELECT",
  "SSUBSCRIBE",
  "SUBSCRIBE",
  "SUNSUBSCRIBE",
  "SYNC",
  "UNSUBSCRIBE",
  "UNWATCH",
  "WATCH",
]);

/** These would stall every other request queued behind them on the shared connection. */
const BLOCKING_COMMANDS = new Set([
  "BLMOVE",
  "BLMPOP",
  "BLPOP",
  "BRPOP",
  "BRPOPLPUSH",
  "BZMPOP",
  "BZPOPMAX",
  "BZPOPMIN",
  "WAIT",
  "WAITAOF",
]);

export interface RedisCommand {
  name: string;
  args: (string | Buffer)[];
}

export class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

export function needsOwnConnection(commands: RedisCommand[]): boolean {
  return commands.some(
    ({ name, args }) =>
      BLOCKING_COMMANDS.has(name) ||
      ((name === "XREAD" || name === "XREADGROUP") &&
        args.some((arg) => typeof arg === "string" && arg.toUpperCase() === "BLOCK")),
  );
}

export function parseCommandList(body: unknown): RedisCommand[] {
  if (!Array.isArray(body) || body.length === 0) {
    throw new HttpError(400, "ERR request body must be a non-empty JSON array of commands");
  }
  return body.map((item, index) => parseCommand(item, `command ${index + 1}`));
}

export function parseCommand(value: unknown, where: string): RedisCommand {
  if (!Array.isArray(value) || value.length === 0) {
    throw new HttpError(400, `ERR ${where} must be a non-empty JSON array like ["GET","key"]`);
  }
  const parts = value.map((part: unknown, index) => {
    // @upstash/redis sends numbers and booleans as JSON scalars; Redis wants text.
    if (typeof part === "string") return part;
    if (typeof part === "number" || typeof part === "boolean") return String(part);
    throw new HttpError(400, `ERR ${where}: argument ${index} must be a string or number`);
  });
  return checked(parts[0] ?? "", parts.slice(1));
}

export function parsePathCommand(path: string): RedisCommand {
  let parts: string[];
  try {
    parts = path.slice(1).split("/").map(decodeURIComponent);
  } catch {
    throw new HttpError(400, "ERR malformed percent-encoding in URL path");
  }
  return checked(parts[0] ?? "", parts.slice(1));
}

function checked(rawName: string, args: (string | Buffer)[]): RedisCommand {
  // Upper-case on purpose: ioredis applies reply transformers keyed by lower-case names
  // (callBuffer("hgetall") would return an object instead of Redis' flat array).
  const name = rawName.toUpperCase();
  if (name === "") throw new HttpError(400, "ERR empty command name");
  if (CONNECTION_STATE_COMMANDS.has(name)) {
    throw new HttpError(400, `ERR command ${name} is not supported over REST`);
  }
  return translateScriptCommand({ name, args });
}
