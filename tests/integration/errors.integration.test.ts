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

  it("answers a wrong method with 405 and an Allow header", async () => {
    const res = await fetch(`${url}/api/v1/doctors`, { method: "DELETE" });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toContain("GET");
    expect((await envelopeOf(res)).error.code).toBe("METHOD_NOT_ALLOWED");
  });
});

describe("web assets", () => {
  it("serves the app shell at /", async () => {
    const res = await fetch(`${url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain('<div id="root"');
  });

  it("falls back to the app shell for client-side routes", async () => {
    const res = await fetch(`${url}/doctors/some-client-route`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<div id="root"');
  });

  it("serves hashed assets as immutable", async () => {
    const html = await (await fetch(`${url}/`)).text();
    const asset = html.match(/\/assets\/[^"]+\.js/)?.[0];
    expect(asset).toBeTruthy();
    const res = await fetch(`${url}${asset}`);
    await res.arrayBuffer();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
  });
});
