/** Calls to the run's Razorpay stand-in control endpoints (loopback, no auth), for tests in Node or workerd. */
export type CheckoutFields = { razorpay_payment_id: string; razorpay_order_id: string; razorpay_signature: string };

export interface StandinState {
  orders: Record<string, { id: string; status: string; amount: number; amount_paid: number; receipt: string | null }>;
  payments: Record<
    string,
    { id: string; order_id: string; status: string; amount: number; amount_refunded: number; captured: boolean }
  >;
  refunds: Record<string, { id: string; payment_id: string; amount: number; status: string; receipt: string | null }>;
}

export function standin(base: string) {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${base}/_control${path}`, {
      method,
      headers: { "Content-Type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  return {
    checkout: (
      orderId: string,
      opts: { outcome?: "capture" | "authorize" | "fail"; amount?: number; force?: boolean } = {},
    ) =>
      call<CheckoutFields & { events: { id: string; event: string }[] }>("POST", "/checkout", {
        order_id: orderId,
        ...opts,
      }),
    settleRefund: (refundId: string, status: "processed" | "failed") =>
      call("POST", `/refunds/${refundId}/settle`, { status }),
    send: (body: Record<string, unknown>) => call<unknown>("POST", "/webhooks/send", body),
    events: (entityId: string) =>
      call<{ items: { id: string; event: string; body: string }[] }>(
        "GET",
        `/events?entity_id=${encodeURIComponent(entityId)}`,
      ),
    state: () => call<StandinState>("GET", "/state"),
    configure: (config: Record<string, unknown>) => call("PUT", "/config", config),
    /** Refunds of one payment, as the stand-in holds them. */
    async refundsOf(paymentId: string) {
      const s = await call<StandinState>("GET", "/state");
      return Object.values(s.refunds).filter((r) => r.payment_id === paymentId);
    },
  };
}
