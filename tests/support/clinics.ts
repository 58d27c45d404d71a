import type { ApiKeyView, ClinicView } from "../../worker/kernel/domain/clinic.ts";
import type { api } from "./api.ts";

type Call = ReturnType<typeof api>;

/** Creates a clinic with a unique name through the admin API. */
export async function createClinic(call: Call, admin: string, name?: string): Promise<ClinicView> {
  const res = await call<{ clinic: ClinicView }>("POST", "/api/v1/admin/clinics", {
    token: admin,
    body: { name: name ?? `Clinic ${crypto.randomUUID().slice(0, 8)}` },
  });
  if (res.status !== 201) throw new Error(`clinic not created: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.clinic;
}

export async function attachDoctor(call: Call, admin: string, clinicId: string, doctorId: string): Promise<void> {
  const res = await call("PUT", `/api/v1/admin/clinics/${clinicId}/doctors/${doctorId}`, { token: admin });
  if (res.status !== 200) throw new Error(`doctor not attached: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function issueKey(
  call: Call,
  admin: string,
  clinicId: string,
  name = "test",
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const res = await call<{ key: string; apiKey: ApiKeyView }>("POST", `/api/v1/admin/clinics/${clinicId}/api-keys`, {
    token: admin,
    body: { name },
  });
  if (res.status !== 201) throw new Error(`key not issued: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}
