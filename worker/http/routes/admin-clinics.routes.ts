import { type Context, Hono } from "hono";
import { generateApiKey } from "../../kernel/auth/api-key-format.ts";
import { invalidateApiKey } from "../../kernel/auth/api-keys.ts";
import { mongoGateway, unwrap } from "../../kernel/clients/mongo-gateway.ts";
import { isDoctorId } from "../../kernel/domain/appointment.ts";
import {
  ApiKeyInput,
  type ApiKeyRecord,
  ClinicInput,
  type ClinicRecord,
  clinicSlug,
  isApiKeyId,
  isClinicId,
  newApiKeyId,
  newClinicId,
  toApiKeyView,
  toClinicView,
} from "../../kernel/domain/clinic.ts";
import { AppError } from "../../kernel/lib/errors.ts";
import { invalidateClinic } from "../../kernel/services/clinic-access.ts";
import { requireRole } from "../middleware/auth.ts";
import { idempotent } from "../middleware/idempotency.ts";
import type { AppEnv } from "../types.ts";
import { validate } from "../validate.ts";

const noStore = { "Cache-Control": "no-store" };
const random = () => crypto.getRandomValues(new Uint8Array(20));

/** Path ids that cannot exist are 404 like ids that do not (no lookup is made for them). */
function param(c: Context<AppEnv>, name: "clinicId" | "doctorId" | "keyId"): string {
  const value = c.req.param(name) ?? "";
  const valid = { clinicId: isClinicId, doctorId: isDoctorId, keyId: isApiKeyId }[name](value);
  if (!valid)
    throw new AppError("NOT_FOUND", `${{ clinicId: "Clinic", doctorId: "Doctor", keyId: "API key" }[name]} not found`);
  return value;
}

/**
 * Admins create clinics, attach and detach their doctors, and issue and revoke their API keys.
 * A key is shown once, in the response that creates it; only its SHA-256 and prefix are kept.
 */
export const adminClinicsRoutes = new Hono<AppEnv>()
  .use("*", requireRole("admin"))
  .post("/", idempotent(), validate("json", ClinicInput), async (c) => {
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
    return c.json({ clinic: toClinicView(clinic) }, 201, {
      ...noStore,
      Location: `/api/v1/admin/clinics/${clinic._id}`,
    });
  })
  .get("/", async (c) => {
    const clinics = unwrap(await mongoGateway(c.env, c.get("config")).listClinics(500));
    return c.json({ clinics: clinics.map(toClinicView) }, 200, noStore);
  })
  .get("/:clinicId", async (c) => {
    const clinic = await existingClinic(c, param(c, "clinicId"));
    return c.json({ clinic: toClinicView(clinic) }, 200, noStore);
  })
  // Attach (PUT) and detach (DELETE) are idempotent: the answer is the clinic as it now is.
  .put("/:clinicId/doctors/:doctorId", async (c) => {
    const clinicId = param(c, "clinicId");
    const doctorId = param(c, "doctorId");
    const gateway = mongoGateway(c.env, c.get("config"), clinicId);
    await existingClinic(c, clinicId);
    if (!unwrap(await gateway.findDoctor({ id: doctorId }))) throw new AppError("NOT_FOUND", "Doctor not found");
    const clinic = unwrap(await gateway.setClinicDoctor(clinicId, doctorId, true));
    if (!clinic) throw new AppError("NOT_FOUND", "Clinic not found");
    await invalidateClinic(c.get("deps"), clinicId);
    return c.json({ clinic: toClinicView(clinic) }, 200, noStore);
  })
  .delete("/:clinicId/doctors/:doctorId", async (c) => {
    const clinicId = param(c, "clinicId");
    const doctorId = param(c, "doctorId");
    const clinic = unwrap(
      await mongoGateway(c.env, c.get("config"), clinicId).setClinicDoctor(clinicId, doctorId, false),
    );
    if (!clinic) throw new AppError("NOT_FOUND", "Clinic not found");
    await invalidateClinic(c.get("deps"), clinicId);
    return c.json({ clinic: toClinicView(clinic) }, 200, noStore);
  })
  .post("/:clinicId/api-keys", validate("json", ApiKeyInput), async (c) => {
    const clinicId = param(c, "clinicId");
    await existingClinic(c, clinicId);
    const { key, prefix, hash } = await generateApiKey();
    const record: ApiKeyRecord = {
      _id: newApiKeyId(random()),
      clinicId,
      name: c.req.valid("json").name,
      prefix,
      hash,
      createdAt: new Date(),
      createdBy: c.get("caller").id,
      lastUsedAt: null,
      revokedAt: null,
    };
    unwrap(await mongoGateway(c.env, c.get("config"), clinicId).insertApiKey(record));
    c.get("log").info("api key issued", { clinicId, keyId: record._id });
    // The only time the key is ever shown. Not replayable: no idempotency record keeps it.
    return c.json({ apiKey: toApiKeyView(record), key }, 201, noStore);
  })
  .get("/:clinicId/api-keys", async (c) => {
    const clinicId = param(c, "clinicId");
    await existingClinic(c, clinicId);
    const keys = unwrap(await mongoGateway(c.env, c.get("config"), clinicId).listApiKeys(clinicId));
    return c.json({ apiKeys: keys.map(toApiKeyView) }, 200, noStore);
  })
  .delete("/:clinicId/api-keys/:keyId", async (c) => {
    const clinicId = param(c, "clinicId");
    const keyId = param(c, "keyId");
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
    return c.json({ apiKey: toApiKeyView(key) }, 200, noStore);
  });

async function existingClinic(c: Context<AppEnv>, clinicId: string): Promise<ClinicRecord> {
  const clinic = unwrap(await mongoGateway(c.env, c.get("config"), clinicId).findClinic(clinicId));
  if (!clinic) throw new AppError("NOT_FOUND", "Clinic not found");
  return clinic;
}
