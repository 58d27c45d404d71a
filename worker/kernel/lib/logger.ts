/**
 * The one logger: a JSON line per event on stdout (Workers Logs / `wrangler tail` pick it up).
 * Fields whose names suggest patient data or credentials are redacted before anything is
 * serialised, so a careless `log.info("x", { body })` cannot leak them.
 */
export type LogLevel = "debug" | "info" | "warn" | "error";

const LEVELS: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const SENSITIVE_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|signature|email|phone|contact|name|address|dob|birth|patient|notes?$|body/i;
// Keys that match the pattern above but are known to carry no personal data.
const ALLOWED_KEYS = new Set(["queue", "route", "doctorId", "requestId", "codeName", "hostname"]);

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[depth]";
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SENSITIVE_KEY.test(k) && !ALLOWED_KEYS.has(k) ? "[redacted]" : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

export function createLogger(
  options: { level?: LogLevel; fields?: LogFields; sink?: (line: string) => void } = {},
): Logger {
  const min = LEVELS[options.level ?? "info"];
  const base = options.fields ?? {};
  const sink = options.sink ?? ((line: string) => console.log(line));

  const write = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (LEVELS[level] < min) return;
    const record = { time: new Date().toISOString(), level, msg, ...base, ...fields };
    sink(JSON.stringify(redact(record)));
  };

  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
    child: (fields) => createLogger({ ...options, fields: { ...base, ...fields } }),
  };
}
