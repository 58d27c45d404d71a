/**
 * Written by hand in openapi-typescript's shape for the endpoints the web app uses, until
 * `npm run openapi` generates this file from the Worker's routes (it then replaces this one).
 * Code reads types through web/src/api/types.ts only, so the swap touches one file at most.
 */
type Json<T> = { headers: { [name: string]: unknown }; content: { "application/json": T } };
type NoContent = { headers: { [name: string]: unknown }; content?: never };
type Failure = Json<components["schemas"]["ErrorEnvelope"]>;
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Op<P, B, R> = { parameters: P; responses: R } & ([B] extends [never]
  ? { requestBody?: never }
  : { requestBody: B });
type Body<T> = { content: { "application/json": T } };
type None = {
  put?: never;
  post?: never;
  delete?: never;
  options?: never;
  head?: never;
  patch?: never;
  trace?: never;
  get?: never;
};
type S = components["schemas"];

export interface paths {
  "/api/v1/doctors": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      { query?: { speciality?: string }; header?: never; path?: never; cookie?: never },
      never,
      { 200: Json<S["DoctorList"]>; default: Failure }
    >;
  };
  "/api/v1/doctors/{doctorId}": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      { query?: never; header?: never; path: { doctorId: string }; cookie?: never },
      never,
      { 200: Json<{ doctor: S["PublicDoctor"] }>; default: Failure }
    >;
  };
  "/api/v1/doctors/{doctorId}/slots": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      { query: { from: string; to: string }; header?: never; path: { doctorId: string }; cookie?: never },
      never,
      { 200: Json<S["Availability"]>; default: Failure }
    >;
  };
  "/api/v1/appointments": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      { query?: never; header?: { "Idempotency-Key"?: string }; path?: never; cookie?: never },
      Body<{ doctorId: string; start: string; patientId?: string }>,
      { 201: Json<{ appointment: S["Appointment"] }>; default: Failure }
    >;
  };
  "/api/v1/appointments/{id}": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      { query?: never; header?: never; path: { id: string }; cookie?: never },
      never,
      { 200: Json<{ appointment: S["Appointment"] }>; default: Failure }
    >;
  };
  "/api/v1/appointments/{id}/cancel": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      { query?: never; header?: { "Idempotency-Key"?: string }; path: { id: string }; cookie?: never },
      Body<{ reason?: string }>,
      { 200: Json<{ appointment: S["Appointment"] }>; default: Failure }
    >;
  };
  "/api/v1/appointments/{id}/reschedule": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      { query?: never; header?: { "Idempotency-Key"?: string }; path: { id: string }; cookie?: never },
      Body<{ start: string; reason?: string }>,
      { 200: Json<{ appointment: S["Appointment"] }>; default: Failure }
    >;
  };
  "/api/v1/appointments/{id}/payment": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      { query?: never; header?: { "Idempotency-Key"?: string }; path: { id: string }; cookie?: never },
      never,
      { 200: Json<S["CheckoutOrder"]>; default: Failure }
    >;
  };
  "/api/v1/appointments/{id}/payment/verify": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      { query?: never; header?: { "Idempotency-Key"?: string }; path: { id: string }; cookie?: never },
      Body<{ razorpay_payment_id: string; razorpay_order_id: string; razorpay_signature: string }>,
      { 200: Json<{ appointment: S["Appointment"] }>; default: Failure }
    >;
  };
  "/api/v1/me/appointments": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      {
        query?: { status?: S["AppointmentStatus"]; limit?: number };
        header?: never;
        path?: never;
        cookie?: never;
      },
      never,
      { 200: Json<{ appointments: S["Appointment"][]; source: string }>; default: Failure }
    >;
  };
  "/api/v1/me/profile": Omit<None, "get" | "patch"> & {
    parameters: NoParams;
    get: Op<NoParams, never, { 200: Json<{ profile: S["UserProfile"] }>; default: Failure }>;
    patch: Op<
      NoParams,
      Body<{ name?: string; phone?: string | null }>,
      { 200: Json<{ profile: S["UserProfile"] }>; default: Failure }
    >;
  };
  "/api/v1/me": Omit<None, "delete"> & {
    parameters: NoParams;
    delete: Op<NoParams, Body<{ password: string }>, { 204: NoContent; default: Failure }>;
  };
  "/api/v1/auth/register": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      NoParams,
      Body<{ name: string; email: string; password: string; phone?: string }>,
      { 201: Json<S["TokenPair"] & { user: S["UserProfile"] }>; default: Failure }
    >;
  };
  "/api/v1/auth/login": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      NoParams,
      Body<{ email: string; password: string }>,
      { 200: Json<S["TokenPair"] & { account: S["AccountRef"] }>; default: Failure }
    >;
  };
  "/api/v1/auth/refresh": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      { query?: never; header?: { "X-Requested-With"?: string }; path?: never; cookie?: never },
      never,
      { 200: Json<S["TokenPair"]>; default: Failure }
    > & { requestBody?: { content: { "application/json": { refreshToken?: string } } } };
  };
  "/api/v1/auth/logout": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<NoParams, Body<{ everywhere?: boolean }>, { 204: NoContent; default: Failure }>;
  };
  "/api/v1/auth/password": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<NoParams, Body<{ currentPassword: string; newPassword: string }>, { 204: NoContent; default: Failure }>;
  };
}

export type webhooks = Record<string, never>;

export interface components {
  schemas: {
    ErrorEnvelope: {
      error: { code: string; message: string; requestId: string; fields?: { path: string; message: string }[] };
    };
    PublicDoctor: {
      id: string;
      slug: string;
      name: string;
      speciality: string;
      degree: string;
      experienceYears: number;
      about: string;
      feePaise: number;
      currency: "INR";
      address: { line1: string; line2?: string; city: string };
      timeZone: string;
      photoUrl: string | null;
      available: boolean;
    };
    DoctorList: { doctors: components["schemas"]["PublicDoctor"][]; specialities: string[] };
    Slot: { start: string; end: string; localDate: string; localStart: string; localEnd: string };
    Availability: {
      doctorId: string;
      from: string;
      to: string;
      timeZone: string;
      slots: components["schemas"]["Slot"][];
    };
    AppointmentStatus: "held" | "booked" | "cancelled" | "completed" | "no_show" | "expired";
    HistoryEntry: {
      version: number;
      type: string;
      fromStatus: components["schemas"]["AppointmentStatus"] | null;
      toStatus: components["schemas"]["AppointmentStatus"];
      actor: { role: "patient" | "doctor" | "admin" | "clinic" | "system"; id: string };
      reason: string | null;
      fromStart: string | null;
      toStart: string | null;
      at: string;
    };
    Appointment: {
      id: string;
      doctorId: string;
      patientId: string;
      clinicId: string | null;
      start: string;
      end: string;
      status: components["schemas"]["AppointmentStatus"];
      holdExpiresAt: string | null;
      feePaise: number;
      version: number;
      createdAt: string;
      updatedAt: string;
      history: components["schemas"]["HistoryEntry"][];
      payment?: components["schemas"]["PaymentSummary"] | null;
    };
    PaymentSummary: {
      orderId: string;
      paymentId: string | null;
      status: "created" | "failed" | "authorized" | "captured";
      amountPaidPaise: number;
      flag: "amount_mismatch" | "currency_mismatch" | "order_mismatch" | null;
      refunds: { id: string; amountPaise: number; status: "pending" | "processed" | "failed" }[];
    };
    CheckoutOrder: {
      keyId: string;
      orderId: string;
      amount: number;
      currency: string;
      name: string;
      description: string;
      prefill: { name: string; email: string; contact: string };
      holdExpiresAt: string | null;
      checkoutScript: string;
    };
    UserProfile: {
      id: string;
      role: "patient" | "doctor" | "admin";
      email: string;
      name: string;
      phone: string | null;
      doctorId: string | null;
      createdAt: string;
      updatedAt: string;
    };
    AccountRef: { id: string; role: "patient" | "doctor" | "admin"; doctorId?: string };
    TokenPair: {
      tokenType: "Bearer";
      accessToken: string;
      expiresIn: number;
      refreshToken: string;
      refreshExpiresIn: number;
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
