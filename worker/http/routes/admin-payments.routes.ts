import { createRoute } from "@hono/zod-openapi";
import { adminPayments, platformFigures } from "../../kernel/services/money-reports.ts";
import { requireRole } from "../middleware/auth.ts";
import { bearer, json } from "../openapi/content.ts";
import { authErrors, commonErrors } from "../openapi/errors.ts";
import { AdminPaymentsView, FiguresQuery, FiguresView, PaymentsQuery } from "../openapi/money.ts";
import { routeApp } from "../openapi/route-app.ts";

const adminOnly = requireRole("admin");

const payments = createRoute({
  method: "get",
  path: "/payments",
  tags: ["admin"],
  summary: "Payments, newest first, with what was refunded (filters; cursor pagination; flagged for review)",
  security: bearer,
  middleware: [adminOnly] as const,
  request: { query: PaymentsQuery },
  responses: { 200: json(AdminPaymentsView, "A page of payments"), ...commonErrors, ...authErrors },
});

const figures = createRoute({
  method: "get",
  path: "/figures",
  tags: ["admin"],
  summary: "Per day: bookings, cancellations, no-shows (by appointment day), revenue and refunds (by when money moved)",
  security: bearer,
  middleware: [adminOnly] as const,
  request: { query: FiguresQuery },
  responses: { 200: json(FiguresView, "Figures per local day"), ...commonErrors, ...authErrors },
});

/** Admin money reads, from MongoDB's payments and refunds (never from appointment flags). */
export const adminPaymentsRoutes = routeApp()
  .openapi(payments, async (c) => c.json(await adminPayments(c.get("deps"), c.req.valid("query")), 200))
  .openapi(figures, async (c) => c.json(await platformFigures(c.get("deps"), c.req.valid("query")), 200));
