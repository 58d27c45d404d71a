import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { generateApiKey } from "../../kernel/auth/api-key-format.ts";
import { invalidateApiKey } from "../../kernel/auth/api-keys.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import {
  ApiKeyInput,
  type ApiKeyRecord,
  ClinicInput,
  type ClinicRecord,
  clinicSlug,
  newApiKeyId,
  newClinicId,
  toApiKeyView,
  toClinicView,
} from "../../kernel/domain/clinic.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { invalidateClinic } from "../../kernel/services/clinic-access.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import { bearer, json, jsonBody } from "../openapi/content.ts";
import { authErrors, commonErrors, idempotencyErrors } from "../openapi/errors.ts";
import { ClinicDoctorParams, ClinicKeyParams, ClinicParams, IdempotencyHeaders } from "../openapi/params.ts";
import { routeApp } from "../openapi/route-app.ts";
import { ApiKeyViewSchema, ClinicViewSchema } from "../openapi/views.ts";
import type { AppEnv } from "../types.ts";

const random = () => crypto.getRandomValues(new Uint8Array(20));
const adminOnly = requireRole("admin");
const errors = { ...commonErrors, ...authErrors };
const mutationErrors = { ...errors, ...idempotencyErrors };
const ClinicBody = z.object({ clinic: ClinicViewSchema });
const ApiKeyBody = z.object({ apiKey: ApiKeyViewSchema });

const route = <P extends string, M extends "get" | "post" | "put" | "delete">(method: M, path: P, summary: string) => ({
  method,
  path,
  tags: ["admin"],
  summary,
  security: bearer,
});

const create = createRoute({
  ...route("post", "/", "Create a clinic"),
  middleware: [adminOnly, idempotent()] as const,
  request: { headers: IdempotencyHeaders, body: jsonBody(ClinicInput) },
  responses: { 201: json(ClinicBody, "Created"), ...mutationErrors },
});
const list = createRoute({
  ...route("get", "/", "Every clinic"),
  middleware: [adminOnly] as const,
  responses: { 200: json(z.object({ clinics: z.array(ClinicViewSchema) }), "The clinics"), ...errors },
});
const read = createRoute({
  ...route("get", "/{clinicId}", "One clinic"),
  middleware: [adminOnly] as const,
  request: { params: ClinicParams },
  responses: { 200: json(ClinicBody, "The clinic"), ...errors },
});
// Attach (PUT) and detach (DELETE) are idempotent by nature: the answer is the clinic as it now is.
const attach = createRoute({
  ...route("put", "/{clinicId}/doctors/{doctorId}", "Attach a doctor to the clinic"),
  middleware: [adminOnly, idempotent()] as const,
  request: { params: ClinicDoctorParams, headers: IdempotencyHeaders },
  responses: { 200: json(ClinicBody, "The clinic now"), ...mutationErrors },
});
const detach = createRoute({
  ...route("delete", "/{clinicId}/doctors/{doctorId}", "Detach a doctor from the clinic"),
  middleware: [adminOnly, idempotent()] as const,
  request: { params: ClinicDoctorParams, headers: IdempotencyHeaders },
  responses: { 200: json(ClinicBody, "The clinic now"), ...mutationErrors },
});
const issueKey = createRoute({
  ...route("post", "/{clinicId}/api-keys", "Issue an API key (shown once, in this answer)"),
  middleware: [adminOnly, idempotent()] as const,
  request: {
    params: ClinicParams,
    headers: IdempotencyHeaders,
    body: { ...jsonBody(ApiKeyInput), required: false },
  },
  responses: {
    201: json(z.object({ apiKey: ApiKeyViewSchema, key: z.string() }), "The key and its record"),
    ...mutationErrors,
  },
});
const listKeys = createRoute({
  ...route("get", "/{clinicId}/api-keys", "The clinic's API keys (never the keys themselves)"),
  middleware: [adminOnly] as const,
  request: { params: ClinicParams },
  responses: { 200: json(z.object({ apiKeys: z.array(ApiKeyViewSchema) }), "The keys"), ...errors },
});
const revokeKey = createRoute({
  ...route("delete", "/{clinicId}/api-keys/{keyId}", "Revoke an API key (everywhere within moments)"),
  middleware: [adminOnly, idempotent()] as const,
  request: { params: ClinicKeyParams, headers: IdempotencyHeaders },
  responses: { 200: json(ApiKeyBody, "The revoked key"), ...mutationErrors },
});

/**
 * Admins create clinics, attach and detach their doctors, and issue and revoke their API keys.
 * A key is shown in the response that creates it; only its SHA-256 and prefix are kept in
 * MongoDB. A creation retried with its Idempotency-Key replays that response (the key included,
 * from the admin's own idempotency record for its 24 h) instead of minting a second key.
 */
export const adminClinicsRoutes = routeApp()
  .openapi(create, async (c) => {
    const now = new Date();
    const { name } = c.req.valid("json");
    const clinic: ClinicRecord = {
      _id: newClinicId(random()),
      slug: clinicSlug(name),
      name,
      doctorIds: [],
      createdAt: now,
      updatedAt: now,
    };
    const inserted = unwrap(await mongoGateway(c.env, c.get("config"), clinic._id).insertClinic(clinic));
    if (!("created" in inserted)) {
      throw new AppError("ALREADY_EXISTS", "A clinic with this name already exists", {
        fields: [{ path: "name", message: "is already taken" }],
      });
    }
    return c.json({ clinic: toClinicView(clinic) }, 201, { Location: `/api/v1/admin/clinics/${clinic._id}` });
  })
  .openapi(list, async (c) => {
    const clinics = unwrap(await mongoGateway(c.env, c.get("config")).listClinics(500));
    return c.json({ clinics: clinics.map(toClinicView) }, 200);
  })
  .openapi(read, async (c) => {
    const clinic = await existingClinic(c, c.req.valid("param").clinicId);
    return c.json({ clinic: toClinicView(clinic) }, 200);
  })
  .openapi(attach, async (c) => {
    const { clinicId, doctorId } = c.req.valid("param");
    const gateway = mongoGateway(c.env, c.get("config"), clinicId);
    await existingClinic(c, clinicId);
    if (!unwrap(await gateway.findDoctor({ id: doctorId }))) throw new AppError("NOT_FOUND", "Doctor not found");
    const clinic = unwrap(await gateway.setClinicDoctor(clinicId, doctorId, true));
    if (!clinic) throw new AppError("NOT_FOUND", "Clinic not found");
    await invalidateClinic(c.get("deps"), clinicId);
    return c.json({ clinic: toClinicView(clinic) }, 200);
  })
  .openapi(detach, async (c) => {
    const { clinicId, doctorId } = c.req.valid("param");
    const clinic = unwrap(
      await mongoGateway(c.env, c.get("config"), clinicId).setClinicDoctor(clinicId, doctorId, false),
    );
    if (!clinic) throw new AppError("NOT_FOUND", "Clinic not found");
    await invalidateClinic(c.get("deps"), clinicId);
    return c.json({ clinic: toClinicView(clinic) }, 200);
  })
  .openapi(issueKey, async (c) => {
    const { clinicId } = c.req.valid("param");
    await existingClinic(c, clinicId);
    const { key, prefix, hash } = await generateApiKey();
    const input = ApiKeyInput.parse(c.req.valid("json"));
    const record: ApiKeyRecord = {
      _id: newApiKeyId(random()),
      clinicId,
      name: input.name,
      prefix,
      hash,
      scopes: input.scopes,
      ...(input.rateLimit ? { rateLimit: input.rateLimit } : {}),
      createdAt: new Date(),
      createdBy: c.get("caller").id,
      lastUsedAt: null,
      revokedAt: null,
    };
    unwrap(await mongoGateway(c.env, c.get("config"), clinicId).insertApiKey(record));
    c.get("log").info("api key issued", { clinicId, keyId: record._id });
    return c.json({ apiKey: toApiKeyView(record), key }, 201);
  })
  .openapi(listKeys, async (c) => {
    const { clinicId } = c.req.valid("param");
    await existingClinic(c, clinicId);
    const keys = unwrap(await mongoGateway(c.env, c.get("config"), clinicId).listApiKeys(clinicId));
    return c.json({ apiKeys: keys.map(toApiKeyView) }, 200);
  })
  .openapi(revokeKey, async (c) => {
    const { clinicId, keyId } = c.req.valid("param");
    const key = unwrap(await mongoGateway(c.env, c.get("config"), clinicId).revokeApiKey(clinicId, keyId));
    if (!key) throw new AppError("NOT_FOUND", "API key not found");
    try {
      await invalidateApiKey(c.get("deps"), key.hash);
    } catch (error) {
      // Revoked in MongoDB, but a cached resolution could accept the key for up to a minute.
      c.get("log").warn("api key cache invalidation failed", { keyId, error });
      throw new AppError("DEPENDENCY_UNAVAILABLE", "The key is revoked but not yet everywhere; repeat the request", {
        headers: { "Retry-After": "5" },
      });
    }
    c.get("log").info("api key revoked", { clinicId, keyId });
    return c.json({ apiKey: toApiKeyView(key) }, 200);
  });

async function existingClinic(c: Context<AppEnv>, clinicId: string): Promise<ClinicRecord> {
  const clinic = unwrap(await mongoGateway(c.env, c.get("config"), clinicId).findClinic(clinicId));
  if (!clinic) throw new AppError("NOT_FOUND", "Clinic not found");
  return clinic;
}
