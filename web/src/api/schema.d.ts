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
  // Added by branch dash (doctor's area, admin console) until the generated file replaces this one.
  "/api/health": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<NoParams, never, { 200: Json<S["Health"]>; 503: Json<S["Health"]>; default: Failure }>;
  };
  "/api/v1/doctor/appointments": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      { query: { date: string }; header?: never; path?: never; cookie?: never },
      never,
      {
        200: Json<{
          doctorId: string;
          date: string;
          timeZone: string;
          appointments: S["Appointment"][];
          patients: Record<string, string>;
          source: "doctor-ledger";
        }>;
        default: Failure;
      }
    >;
  };
  "/api/v1/doctor/profile": Omit<None, "get" | "patch"> & {
    parameters: NoParams;
    get: Op<NoParams, never, { 200: Json<{ doctor: S["AdminDoctor"] }>; default: Failure }>;
    patch: Op<
      NoParams,
      Body<{
        feePaise?: number;
        about?: string;
        address?: { line1: string; line2?: string; city: string };
        acceptingBookings?: boolean;
      }>,
      { 200: Json<{ doctor: S["AdminDoctor"] }>; default: Failure }
    >;
  };
  "/api/v1/doctor/photo": Omit<None, "put"> & {
    parameters: NoParams;
    put: Op<
      NoParams,
      { content: { "image/jpeg": string; "image/png": string; "image/webp": string } },
      { 200: Json<{ photoUrl: string }>; default: Failure }
    >;
  };
  "/api/v1/doctors/{doctorId}/schedule": Omit<None, "get" | "put"> & {
    parameters: NoParams;
    get: Op<
      { query?: never; header?: never; path: { doctorId: string }; cookie?: never },
      never,
      { 200: Json<{ doctorId: string; settings: S["ScheduleSettings"]; version: number }>; default: Failure }
    >;
    put: Op<
      { query?: never; header?: never; path: { doctorId: string }; cookie?: never },
      Body<S["ScheduleSettings"]>,
      {
        200: Json<{
          doctorId: string;
          settings: S["ScheduleSettings"];
          version: number;
          conflicts: S["Appointment"][];
          profileSynced: boolean;
        }>;
        default: Failure;
      }
    >;
  };
  "/api/v1/appointments/{id}/complete": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      { query?: never; header?: never; path: { id: string }; cookie?: never },
      Body<{ reason?: string }>,
      { 200: Json<{ appointment: S["Appointment"] }>; default: Failure }
    >;
  };
  "/api/v1/appointments/{id}/no-show": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<
      { query?: never; header?: never; path: { id: string }; cookie?: never },
      Body<{ reason?: string }>,
      { 200: Json<{ appointment: S["Appointment"] }>; default: Failure }
    >;
  };
  "/api/v1/admin/doctors": Omit<None, "get" | "post"> & {
    parameters: NoParams;
    post: Op<
      NoParams,
      Body<Record<string, unknown>>,
      { 201: Json<{ doctor: S["AdminDoctor"]; account: { userId: string; email: string } }>; default: Failure }
    >;
    get: Op<
      { query?: { speciality?: string }; header?: never; path?: never; cookie?: never },
      never,
      { 200: Json<{ doctors: S["AdminDoctor"][] }>; default: Failure }
    >;
  };
  "/api/v1/admin/doctors/{doctorId}/photo": Omit<None, "put"> & {
    parameters: NoParams;
    put: Op<
      { query?: never; header?: never; path: { doctorId: string }; cookie?: never },
      { content: { "image/jpeg": string; "image/png": string; "image/webp": string } },
      { 200: Json<{ photoUrl: string }>; default: Failure }
    >;
  };
  "/api/v1/admin/appointments": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      {
        query?: {
          doctorId?: string;
          patient?: string;
          status?: S["AppointmentStatus"];
          from?: string;
          to?: string;
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      },
      never,
      {
        200: Json<{ appointments: S["Appointment"][]; nextCursor: string | null; patients: Record<string, string> }>;
        default: Failure;
      }
    >;
  };
  "/api/v1/admin/doctors/{doctorId}": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      { query?: never; header?: never; path: { doctorId: string }; cookie?: never },
      never,
      { 200: Json<{ doctor: S["AdminDoctor"] }>; default: Failure }
    >;
  };
  "/api/v1/admin/clinics": Omit<None, "get" | "post"> & {
    parameters: NoParams;
    get: Op<NoParams, never, { 200: Json<{ clinics: S["Clinic"][] }>; default: Failure }>;
    post: Op<NoParams, Body<{ name: string }>, { 201: Json<{ clinic: S["Clinic"] }>; default: Failure }>;
  };
  "/api/v1/admin/clinics/{clinicId}/api-keys": Omit<None, "get" | "post"> & {
    parameters: NoParams;
    get: Op<
      { query?: never; header?: never; path: { clinicId: string }; cookie?: never },
      never,
      { 200: Json<{ apiKeys: S["ApiKey"][] }>; default: Failure }
    >;
    post: Op<
      { query?: never; header?: never; path: { clinicId: string }; cookie?: never },
      Body<{ name?: string }>,
      { 201: Json<{ apiKey: S["ApiKey"]; key: string }>; default: Failure }
    >;
  };
  "/api/v1/admin/clinics/{clinicId}/api-keys/{keyId}": Omit<None, "delete"> & {
    parameters: NoParams;
    delete: Op<
      { query?: never; header?: never; path: { clinicId: string; keyId: string }; cookie?: never },
      never,
      { 200: Json<{ apiKey: S["ApiKey"] }>; default: Failure }
    >;
  };
  "/api/v1/admin/dead-letters": Omit<None, "get"> & {
    parameters: NoParams;
    get: Op<
      { query?: { limit?: number }; header?: never; path?: never; cookie?: never },
      never,
      { 200: Json<{ deadLetters: S["DeadLetter"][] }>; default: Failure }
    >;
  };
  "/api/v1/admin/dead-letters/redrive": Omit<None, "post"> & {
    parameters: NoParams;
    post: Op<NoParams, Body<{ limit?: number }>, { 200: Json<{ redriven: number }>; default: Failure }>;
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
    AdminDoctor: components["schemas"]["PublicDoctor"] & {
      email: string;
      acceptingBookings: boolean;
      userId: string | null;
      createdAt: string;
      updatedAt: string;
    };
    ScheduleSettings: {
      timeZone: string;
      slotMinutes: number;
      bufferMinutes: number;
      minNoticeMinutes: number;
      horizonDays: number;
      weekly: Record<"mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun", { start: string; end: string }[]>;
      overrides: { date: string; ranges: { start: string; end: string }[] }[];
      timeOff: { from: string; to: string; reason?: string }[];
      cancelNoticeMinutes: number;
      holdMinutes: number;
      maxHoldsPerPatient: number;
      feePaise: number;
      acceptingBookings: boolean;
    };
    Clinic: { id: string; slug: string; name: string; doctorIds: string[]; createdAt: string; updatedAt: string };
    ApiKey: {
      id: string;
      clinicId: string;
      name: string;
      prefix: string;
      createdAt: string;
      lastUsedAt: string | null;
      revokedAt: string | null;
    };
    DeadLetter: {
      _id: string;
      queue: string;
      messageId: string;
      body: unknown;
      attempts: number;
      reason: string;
      recordedAt: string;
      redrivenAt: string | null;
    };
    Health: {
      status: "ok" | "unhealthy";
      version: string;
      failing: string[];
      checks: { [key: string]: { ok: boolean; latencyMs?: number; error?: string } };
    };
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
