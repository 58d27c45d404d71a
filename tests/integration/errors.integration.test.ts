import { describe, expect, inject, it } from "vitest";

const url = inject("workerUrl");

interface Envelope {
  error: { code: string; message: string; requestId: string };
}

async function envelopeOf(res: Response): Promise<Envelope> {
  expect(res.headers.get("content-type")).toContain("application/json");
  const body = (await res.json()) as Envelope;
  expect(Object.keys(body)).toEqual(["error"]);
  expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  return body;
}

describe("error envelope on the real Worker", () => {
  it("answers an unknown API route with 404 NOT_FOUND, not the SPA page", async () => {
    const res = await fetch(`${url}/api/v1/nope`);
    expect(res.status).toBe(404);
    expect((await envelopeOf(res)).error.code).toBe("NOT_FOUND");
  });

  it("sends the security headers with errors too (nosniff, referrer policy, a no-content CSP)", async () => {
    const res = await fetch(`${url}/api/v1/nope`);
    await res.arrayBuffer();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
    // Same-origin only by default: no CORS headers for another origin.
    const cross = await fetch(`${url}/api/v1/nope`, { headers: { Origin: "https://elsewhere.example.com" } });
    await cross.arrayBuffer();
    expect(cross.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("answers a wrong method with 405 and an Allow header", async () => {
    const res = await fetch(`${url}/api/v1/doctors`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toContain("GET");
    expect((await envelopeOf(res)).error.code).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("web assets", () => {
  it("serves the app shell at / under a CSP with no inline script and no framing, revalidated on every use", async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain('<div id="root"');
    const csp = res.headers.get("content-security-policy") ?? "";
    // Our own scripts, plus only the configured Razorpay Checkout (the local stand-in here).
    expect(csp).toMatch(/script-src 'self' http:\/\/127\.0\.0\.1:\d+;/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    // The build needs none: every script is a file.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it("falls back to the app shell for client-side routes", async () => {
    const res = await fetch(`${url}/doctors/some-client-route`, { headers: { "Sec-Fetch-Mode": "navigate" } });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root"');
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it.each([
    ["a script's request", {}],
    ["a navigation", { "Sec-Fetch-Mode": "navigate" }],
  ])("answers a missing hashed asset with 404, not the shell, and not cacheable (%s)", async (_, headers) => {
    const res = await fetch(`${url}/assets/index-GONEAFTERDEPLOY.js`, { headers });
    expect(res.status).toBe(404);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("content-type")).not.toContain("text/html");
    expect(await res.text()).not.toContain('<div id="root"');
  });

  it("serves hashed assets as immutable", async () => {
    const html = await (await fetch(`${url}/`)).text();
    const asset = html.match(/\/assets\/[^"]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const res = await fetch(`${url}${asset}`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
