/**
 * Pure scrubbing of a Sentry event before it leaves the Worker. Patient data never reaches
 * Sentry: no request bodies, cookies, query strings or credentials, no user fields except an
 * opaque id, and breadcrumb payloads are dropped.
 */
const SAFE_HEADERS = new Set(["user-agent", "content-type", "content-length", "cf-ray", "x-request-id"]);

type Json = Record<string, unknown>;

export function scrubEvent<T extends Json>(event: T): T {
  const out: Json = { ...event };
  const request = out.request as Json | undefined;
  if (request) {
    const headers = (request.headers ?? {}) as Record<string, string>;
    const safeHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (SAFE_HEADERS.has(k.toLowerCase())) safeHeaders[k] = v;
    }
    const url = typeof request.url === "string" ? stripQuery(request.url) : request.url;
    out.request = { method: request.method, url, headers: safeHeaders };
  }
  const user = out.user as Json | undefined;
  if (user) out.user = user.id ? { id: user.id } : undefined;
  if (Array.isArray(out.breadcrumbs)) {
    out.breadcrumbs = (out.breadcrumbs as Json[]).map(({ data: _data, message, ...rest }) => ({
      ...rest,
      ...(typeof message === "string" ? { message: redactText(message) } : {}),
    }));
  }
  delete out.extra;
  return out as T;
}

function stripQuery(url: string): string {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
}

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/gi;
const PHONE = /\+?\d[\d\s-]{8,}\d/g;

/** Best-effort removal of emails and phone numbers from free text such as error messages. */
export function redactText(text: string): string {
  return text.replace(EMAIL, "[email]").replace(PHONE, "[phone]");
}
