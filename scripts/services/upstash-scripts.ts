import { createHash } from "node:crypto";

/**
 * Lua scripts as Upstash runs them, on Redis OSS. Upstash accepts script flags that open-source
 * Redis 7 refuses ("ERR Unexpected flag in script shebang"), notably `allow-key-locking`, which
 * @upstash/ratelimit puts on every script (`#!lua flags=allow-key-locking`). The bridge drops the
 * flags Redis does not know before a script reaches it (they only tune Upstash's concurrency; a
 * script is atomic on a single Redis anyway) and remembers which SHA1 the client knows the script
 * by, so EVALSHA with the original hash keeps working: one round trip, as against Upstash.
 */
const REDIS_SCRIPT_FLAGS = new Set(["no-writes", "allow-oom", "allow-stale", "no-cluster", "allow-cross-slot-keys"]);
const SHEBANG = /^#!lua flags=([^\r\n]*)/;

// Client-visible SHA1 → SHA1 of the script Redis actually holds.
const shaOfRewritten = new Map<string, string>();

export interface ScriptCommand {
  name: string;
  args: (string | Buffer)[];
}

export function translateScriptCommand(command: ScriptCommand): ScriptCommand {
  const { name, args } = command;
  if ((name === "EVAL" || name === "EVAL_RO" || (name === "SCRIPT" && isLoad(args[0]))) && args.length > 0) {
    const at = name === "SCRIPT" ? 1 : 0;
    const script = args[at];
    if (typeof script !== "string") return command;
    const rewritten = withRedisFlags(script);
    if (rewritten === script) return command;
    shaOfRewritten.set(sha1(script), sha1(rewritten));
    return { name, args: args.map((a, i) => (i === at ? rewritten : a)) };
  }
  if ((name === "EVALSHA" || name === "EVALSHA_RO") && typeof args[0] === "string") {
    const mapped = shaOfRewritten.get(args[0].toLowerCase());
    if (mapped) return { name, args: [mapped, ...args.slice(1)] };
  }
  return command;
}

export function withRedisFlags(script: string): string {
  const m = SHEBANG.exec(script);
  if (!m) return script;
  const kept = (m[1] ?? "")
    .split(",")
    .map((f) => f.trim())
    .filter((f) => REDIS_SCRIPT_FLAGS.has(f));
  return `#!lua flags=${kept.join(",")}${script.slice(m[0].length)}`;
}

function isLoad(arg: string | Buffer | undefined): boolean {
  return typeof arg === "string" && arg.toUpperCase() === "LOAD";
}

function sha1(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}
