import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RazorpayStandin, startRazorpayStandin } from "../../scripts/services/razorpay-standin.ts";
import { verifyCheckoutSignature } from "../../worker/kernel/payments/signatures.ts";

// The stand-in's Checkout driven by a real browser the way a web app drives Razorpay Checkout:
// a merchant page (another origin) loads checkout.js, calls new Razorpay(options).open(), and gets
// handler / payment.failed / modal.ondismiss callbacks.
let browser: Browser;
let page: Page;
let standin: RazorpayStandin;
let merchantUrl: string;
const merchant = createServer((_req, res) => {
  res.writeHead(200, { "Content-Type": "text/html" }).end(`<!doctype html><html><body>
<pre id="result"></pre>
<script src="${standin.url}/v1/checkout.js"></script>
<script>
  const show = (v) => { document.getElementById("result").textContent = JSON.stringify(v); };
  window.pay = (orderId) => {
    const rzp = new Razorpay({
      key: ${JSON.stringify(standin.keyId)}, order_id: orderId, amount: 50000, currency: "INR", name: "Prescripto",
      handler: (response) => show({ paid: response }),
      modal: { ondismiss: () => show({ dismissed: true }) },
    });
    rzp.on("payment.failed", (e) => show({ failed: e.error }));
    rzp.open();
  };
</script></body></html>`);
});

beforeAll(async () => {
  standin = await startRazorpayStandin({ keyId: "rzp_test_BrowserTest1", keySecret: "browser-key-secret" });
  await new Promise<void>((r) => merchant.listen({ host: "127.0.0.1", port: 0 }, () => r()));
  merchantUrl = `http://127.0.0.1:${(merchant.address() as AddressInfo).port}/`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await standin?.close();
  await new Promise<void>((r) => merchant.close(() => r()));
});

async function openCheckout(): Promise<string> {
  const res = await fetch(`${standin.url}/v1/orders`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${standin.keyId}:${standin.keySecret}`).toString("base64")}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ amount: 50_000, currency: "INR", receipt: "browser" }),
  });
  const { id } = (await res.json()) as { id: string };
  await page.goto(merchantUrl);
  await page.evaluate((orderId) => (window as unknown as { pay(id: string): void }).pay(orderId), id);
  return id;
}

const result = async () => {
  await page.locator("#result").filter({ hasText: /./ }).waitFor();
  return JSON.parse((await page.locator("#result").textContent()) ?? "null");
};
const checkout = () => page.frameLocator('iframe[title="Razorpay Checkout (local stand-in)"]');

describe("Razorpay Checkout stand-in in Chromium", () => {
  it("pays: the handler gets the three Checkout fields with a valid signature", async () => {
    const orderId = await openCheckout();
    await checkout().getByRole("button", { name: "Pay ₹500.00" }).click();
    const { paid } = await result();
    expect(paid.razorpay_order_id).toBe(orderId);
    expect(
      await verifyCheckoutSignature(
        { orderId, paymentId: paid.razorpay_payment_id, signature: paid.razorpay_signature },
        standin.keySecret,
      ),
    ).toEqual({ ok: true, secretIndex: 0 });
    expect(await page.locator("[data-razorpay-standin=overlay]").count()).toBe(0);
  });

  it("fails: payment.failed gets Razorpay's error with the order and payment ids; closing calls ondismiss", async () => {
    const orderId = await openCheckout();
    await checkout().getByRole("button", { name: "Fail the payment" }).click();
    const { failed } = await result();
    expect(failed).toMatchObject({ code: "BAD_REQUEST_ERROR", metadata: { order_id: orderId } });
    expect(failed.metadata.payment_id).toMatch(/^pay_/);
    await checkout().getByRole("button", { name: "Close" }).click();
    await expect.poll(async () => (await result()).dismissed).toBe(true);
  });
});
