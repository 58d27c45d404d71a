import { describe, expect, it } from "vitest";
import { createLogger, redact } from "../../worker/kernel/lib/logger.ts";
import { redactText, scrubEvent } from "../../worker/kernel/observability/scrub.ts";

describe("logger", () => {
  it("writes one JSON line with level, message, request id and fields", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "info", fields: { requestId: "r1" }, sink: (l) => lines.push(l) });
    log.info("hello", { status: 200 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({ level: "info", msg: "hello", requestId: "r1", status: 200 });
  });

  it("drops messages below the configured level", () => {
    const lines: string[] = [];
    const log = createLogger({ level: "warn", sink: (l) => lines.push(l) });
    log.info("quiet");
    log.warn("loud");
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(["loud"]);
  });

  it("redacts patient data and credentials at any depth", () => {
    const out = redact({
      patient: { name: "Jane" },
      nested: { email: "a@b.c", phone: "+91 99999 99999", password: "x", authorization: "Bearer y", ok: 1 },
    }) as Record<string, Record<string, unknown>>;
    expect(out.patient).toBe("[redacted]");
    expect(out.nested).toEqual({
      email: "[redacted]",
      phone: "[redacted]",
      password: "[redacted]",
      authorization: "[redacted]",
      ok: 1,
    });
  });
});

describe("Sentry event scrubbing", () => {
  it("keeps only allow-listed headers and drops body, cookies, query string and user details", () => {
    const event = scrubEvent({
      request: {
        method: "POST",
        url: "https://x.test/api/v1/appointments?email=a@b.c",
        headers: { Authorization: "Bearer t", Cookie: "s=1", "User-Agent": "ua", "X-Request-Id": "r" },
        data: { patientName: "Jane" },
        cookies: { s: "1" },
        query_string: "email=a@b.c",
      },
      user: { id: "u_1", email: "a@b.c", ip_address: "1.2.3.4" },
      extra: { body: "x" },
      breadcrumbs: [{ message: "called jane@x.org", data: { phone: "123" } }],
    });
    expect(event.request).toEqual({
      method: "POST",
      url: "https://x.test/api/v1/appointments",
      headers: { "User-Agent": "ua", "X-Request-Id": "r" },
    });
    expect(event.user).toEqual({ id: "u_1" });
    expect(event.extra).toBeUndefined();
    expect(event.breadcrumbs).toEqual([{ message: "called [email]" }]);
  });

  it("removes emails and phone numbers from free text", () => {
    expect(redactText("mail jane.doe@example.com or call +91 98765 43210")).toBe("mail [email] or call [phone]");
  });
});
