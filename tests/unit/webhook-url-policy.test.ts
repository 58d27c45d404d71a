import { describe, expect, it } from "vitest";
import { checkEndpointUrl } from "../../worker/kernel/webhooks/url-policy.ts";

const prod = { allowLoopback: false };
const local = { allowLoopback: true };

describe("webhook endpoint URLs", () => {
  it.each([
    "https://hooks.clinic.example.com/prescripto",
    "https://clinic.example.in:8443/x?y=1",
    "https://93.184.216.34/hook",
    "https://[2606:4700:4700::1111]/hook",
  ])("accepts the public HTTPS URL %s", (url) => {
    expect(checkEndpointUrl(url, prod).ok).toBe(true);
  });

  it.each([
    ["http://hooks.clinic.example.com/x", "https"],
    ["ftp://example.com/x", "https"],
    ["not a url", "absolute"],
    ["https://user:pw@example.com/x", "credentials"],
    ["https://localhost/x", "loopback"],
    ["https://api.localhost/x", "loopback"],
    ["https://127.0.0.1/x", "loopback"],
    ["https://2130706433/x", "loopback"],
    ["https://0x7f.0.0.1/x", "loopback"],
    ["https://[::1]/x", "loopback"],
    ["https://10.1.2.3/x", "private"],
    ["https://172.16.0.1/x", "private"],
    ["https://172.31.255.255/x", "private"],
    ["https://192.168.1.10/x", "private"],
    ["https://169.254.169.254/latest/meta-data", "private"],
    ["https://100.64.0.1/x", "private"],
    ["https://0.0.0.0/x", "private"],
    ["https://224.0.0.1/x", "private"],
    ["https://[fd00::1]/x", "private"],
    ["https://[fe80::1]/x", "private"],
    ["https://[::ffff:10.0.0.1]/x", "private"],
    ["https://[::ffff:127.0.0.1]/x", "private"],
    ["https://[::]/x", "private"],
    ["https://printer.local/x", "public host"],
    ["https://db.internal/x", "public host"],
    ["https://intranet/x", "public host"],
    ["https://localhost./x", "loopback"],
    ["https://printer.local./x", "public host"],
    ["https://127.0.0.1./x", "loopback"],
  ])("refuses %s in production (%s)", (url, why) => {
    const checked = checkEndpointUrl(url, prod);
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.message).toContain(why);
  });

  it("allows http loopback only when configured (npm start, tests)", () => {
    expect(checkEndpointUrl("http://127.0.0.1:9999/hook", local)).toEqual({
      ok: true,
      url: "http://127.0.0.1:9999/hook",
    });
    expect(checkEndpointUrl("http://localhost:9999/hook", local).ok).toBe(true);
    expect(checkEndpointUrl("http://127.0.0.1:9999/hook", prod).ok).toBe(false);
    // The switch opens loopback only, not plain http elsewhere nor private networks.
    expect(checkEndpointUrl("http://example.com/hook", local).ok).toBe(false);
    expect(checkEndpointUrl("https://10.0.0.1/hook", local).ok).toBe(false);
  });
});
