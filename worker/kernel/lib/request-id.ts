const MAX_LENGTH = 255;
const UNSAFE = /[^\w\-=]/;

/**
 * The request's id: the caller's `X-Request-Id` when it is a plausible id (so a trace spans
 * services), else a new UUID. Every response carries it back, and every log line of the request.
 */
export function requestIdOf(request: Request): string {
  const incoming = request.headers.get("X-Request-Id");
  return incoming && incoming.length <= MAX_LENGTH && !UNSAFE.test(incoming) ? incoming : crypto.randomUUID();
}
