import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/http/app.ts";
import { DOCS_BUNDLE_PATH, DOCS_PATH } from "../../worker/http/docs/docs-page.ts";
import { OPENAPI_PATH } from "../../worker/http/openapi/document.ts";
import { fakeEnv } from "../support/fake-env.ts";

const app = createApp();

describe("API reference docs (/api/docs)", () => {
  it("renders Scalar from our own OpenAPI document and our own copy of its bundle (no CDN)", async () => {
    const res = await app.request(DOCS_PATH, {}, fakeEnv());
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const html = await res.text();
    expect(html).toContain(`src="${DOCS_BUNDLE_PATH}"`);
    expect(html).toContain(OPENAPI_PATH);
    // Nothing is loaded from another origin: every src/href is same-origin.
    const external = [...html.matchAll(/(?:src|href)="(https?:)?\/\/[^"]*"/g)].map((m) => m[0]);
    expect(external).toEqual([]);
    expect(html).toMatch(/"withDefaultFonts": ?false/);
  });

  it("allows only its own scripts and the page's nonce (a new nonce per request)", async () => {
    const one = await app.request(DOCS_PATH, {}, fakeEnv());
    const two = await app.request(DOCS_PATH, {}, fakeEnv());
    const csp = one.headers.get("content-security-policy") ?? "";
    const nonce = /'nonce-([A-Za-z0-9]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toMatch(/https?:/);
    const html = await one.text();
    for (const tag of html.match(/<script[^>]*>/g) ?? []) {
      if (!tag.includes(`src="${DOCS_BUNDLE_PATH}"`)) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(two.headers.get("content-security-policy")).not.toContain(nonce);
  });

  it("names the bundle after the installed @scalar/api-reference version (what the web build copies)", () => {
    const pkg = JSON.parse(readFileSync("node_modules/@scalar/api-reference/package.json", "utf8")) as {
      version: string;
    };
    expect(DOCS_BUNDLE_PATH).toBe(`/docs-assets/scalar-api-reference-${pkg.version}.js`);
  });
});
