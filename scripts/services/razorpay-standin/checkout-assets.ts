/**
 * The stand-in's Checkout: a script with the same surface as https://checkout.razorpay.com/v1/checkout.js
 * (`new Razorpay(options)`, `.open()`, `.close()`, `.on("payment.failed", cb)`, `options.handler`,
 * `options.modal.ondismiss`) that opens the stand-in's checkout page in an overlay iframe. The page
 * has Pay / Authorize only / Fail / Close buttons; it completes the payment through the same control
 * endpoint tests use and posts the result to the opener, which calls the merchant's callbacks with
 * the objects real Checkout passes them.
 */
export function checkoutScript(origin: string): string {
  return `/* Razorpay Checkout stand-in (local development only) */
(function () {
  var ORIGIN = ${JSON.stringify(origin)};
  function Razorpay(options) {
    if (!(this instanceof Razorpay)) return new Razorpay(options);
    if (!options || !options.key) throw new Error("Razorpay: options.key is required");
    this.options = options;
    this._listeners = {};
    this._overlay = null;
    this._onMessage = this._onMessage.bind(this);
  }
  Razorpay.prototype.on = function (name, cb) {
    (this._listeners[name] = this._listeners[name] || []).push(cb);
    return this;
  };
  Razorpay.prototype._emit = function (name, arg) {
    (this._listeners[name] || []).forEach(function (cb) { cb(arg); });
  };
  Razorpay.prototype.open = function () {
    if (this._overlay) return this;
    var o = this.options;
    var q = new URLSearchParams({
      key_id: o.key, order_id: o.order_id || "", amount: String(o.amount || ""), currency: o.currency || "INR",
      name: o.name || "", description: o.description || ""
    });
    var overlay = document.createElement("div");
    overlay.setAttribute("data-razorpay-standin", "overlay");
    overlay.style.cssText = "position:fixed;inset:0;background:rgba(0,0,0,.55);z-index:2147483647;display:flex;align-items:center;justify-content:center";
    var frame = document.createElement("iframe");
    frame.title = "Razorpay Checkout (local stand-in)";
    frame.src = ORIGIN + "/checkout?" + q.toString();
    frame.style.cssText = "width:380px;height:460px;border:0;border-radius:8px;background:#fff";
    overlay.appendChild(frame);
    document.body.appendChild(overlay);
    this._overlay = overlay;
    window.addEventListener("message", this._onMessage);
    return this;
  };
  Razorpay.prototype.close = function () {
    window.removeEventListener("message", this._onMessage);
    if (this._overlay && this._overlay.parentNode) this._overlay.parentNode.removeChild(this._overlay);
    this._overlay = null;
  };
  Razorpay.prototype._onMessage = function (e) {
    if (e.origin !== ORIGIN || !e.data || typeof e.data.type !== "string") return;
    var o = this.options;
    if (e.data.type === "razorpay-standin:success") {
      this.close();
      if (typeof o.handler === "function") o.handler(e.data.response);
    } else if (e.data.type === "razorpay-standin:failed") {
      // Like real Checkout: the form stays open so the customer can retry.
      this._emit("payment.failed", { error: e.data.error });
    } else if (e.data.type === "razorpay-standin:dismiss") {
      this.close();
      if (o.modal && typeof o.modal.ondismiss === "function") o.modal.ondismiss();
    }
  };
  window.Razorpay = Razorpay;
})();
`;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

export function checkoutPage(params: URLSearchParams): string {
  const amount = Number(params.get("amount") ?? 0);
  const rupees = Number.isFinite(amount) ? (amount / 100).toFixed(2) : "?";
  const name = escapeHtml(params.get("name") || "Merchant");
  const description = escapeHtml(params.get("description") || "");
  const orderId = escapeHtml(params.get("order_id") || "");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Razorpay Checkout (stand-in)</title>
<style>
body{font:14px system-ui,sans-serif;margin:0;padding:20px;color:#1f2937}
h1{font-size:18px;margin:0 0 4px} .amount{font-size:28px;margin:16px 0} .muted{color:#6b7280;font-size:12px}
button{display:block;width:100%;padding:10px;margin:8px 0;border-radius:6px;border:1px solid #d1d5db;background:#fff;font-size:14px;cursor:pointer}
button.primary{background:#2563eb;color:#fff;border-color:#2563eb} #status{min-height:20px;margin-top:8px}
</style></head>
<body>
<h1>${name}</h1><div class="muted">${description}</div>
<div class="amount" data-testid="amount">₹${rupees}</div>
<div class="muted">Order <code>${orderId}</code> · local Razorpay stand-in, no real money</div>
<button class="primary" data-outcome="capture">Pay ₹${rupees}</button>
<button data-outcome="authorize">Authorize only (capture later)</button>
<button data-outcome="fail">Fail the payment</button>
<button data-outcome="dismiss">Close</button>
<div id="status" role="status"></div>
<script>
const params = new URLSearchParams(location.search);
const post = (msg) => window.parent.postMessage(msg, "*");
document.querySelectorAll("button").forEach((b) => b.addEventListener("click", async () => {
  const outcome = b.dataset.outcome;
  if (outcome === "dismiss") return post({ type: "razorpay-standin:dismiss" });
  document.getElementById("status").textContent = "Processing…";
  const res = await fetch("/_control/checkout", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ order_id: params.get("order_id"), key_id: params.get("key_id"), outcome }),
  });
  const body = await res.json();
  if (res.ok && body.razorpay_payment_id) {
    document.getElementById("status").textContent = "Paid";
    post({ type: "razorpay-standin:success", response: body });
  } else {
    document.getElementById("status").textContent = (body.error && body.error.description) || "Payment failed";
    post({ type: "razorpay-standin:failed", error: body.error });
  }
}));
</script>
</body></html>`;
}
