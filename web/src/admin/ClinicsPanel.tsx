import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { api, call, idempotencyKey } from "../api/client";
import { toApiError } from "../api/errors";
import { EmptyPanel, ErrorPanel, PageLoading } from "../components/States";
import { buttonSecondary, card, inputClass, labelClass } from "../components/ui";

export function ClinicsPanel() {
  const id = useId();
  const queryClient = useQueryClient();
  const clinics = useQuery({ queryKey: ["admin", "clinics"], queryFn: () => call(api.GET("/api/v1/admin/clinics")) });
  const [name, setName] = useState("");
  const create = useMutation({
    mutationFn: (n: string) =>
      call(api.POST("/api/v1/admin/clinics", { headers: { "Idempotency-Key": idempotencyKey() }, body: { name: n } })),
    onSuccess: () => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: ["admin", "clinics"] });
    },
  });
  return (
    <section aria-labelledby={`${id}-t`} className={`${card} space-y-4`}>
      <h2 id={`${id}-t`} className="text-lg font-semibold text-slate-900">
        Clinics and API keys
      </h2>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(name.trim());
        }}
      >
        <div className="min-w-60 flex-1">
          <label htmlFor={`${id}-n`} className={labelClass}>
            New clinic name
          </label>
          <input
            id={`${id}-n`}
            className={`${inputClass} mt-1`}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </div>
        <button type="submit" className={buttonSecondary} disabled={create.isPending || name.trim().length < 2}>
          Add clinic
        </button>
      </form>
      {create.isError && (
        <p role="alert" className="text-sm text-red-800">
          {toApiError(create.error).message}
        </p>
      )}
      {clinics.isPending && <PageLoading label="Loading clinics…" />}
      {clinics.isError && (
        <ErrorPanel title="We couldn't load clinics" error={clinics.error} onRetry={() => void clinics.refetch()} />
      )}
      {clinics.isSuccess && clinics.data.clinics.length === 0 && <EmptyPanel title="No clinics yet" />}
      <ul className="space-y-3">
        {clinics.data?.clinics.map((c) => (
          <li key={c.id} className="rounded-xl bg-slate-50 p-3 ring-1 ring-slate-200" data-testid="clinic">
            <p className="font-semibold text-slate-900">
              {c.name} <span className="text-sm font-normal text-slate-600">· {c.doctorIds.length} doctors</span>
            </p>
            <ApiKeys clinicId={c.id} clinicName={c.name} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ApiKeys({ clinicId, clinicName }: { clinicId: string; clinicName: string }) {
  const queryClient = useQueryClient();
  const key = ["admin", "api-keys", clinicId];
  const keys = useQuery({
    queryKey: key,
    queryFn: () => call(api.GET("/api/v1/admin/clinics/{clinicId}/api-keys", { params: { path: { clinicId } } })),
  });
  const issue = useMutation({
    mutationFn: () =>
      call(
        api.POST("/api/v1/admin/clinics/{clinicId}/api-keys", {
          params: { path: { clinicId } },
          headers: { "Idempotency-Key": idempotencyKey() },
          body: { name: "console" },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  const revoke = useMutation({
    mutationFn: (keyId: string) =>
      call(
        api.DELETE("/api/v1/admin/clinics/{clinicId}/api-keys/{keyId}", {
          params: { path: { clinicId, keyId } },
          headers: { "Idempotency-Key": idempotencyKey() },
        }),
      ),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: key }),
  });
  return (
    <div className="mt-2 space-y-2 text-sm">
      {issue.data && (
        <p role="status" className="rounded-lg bg-amber-50 p-2 text-amber-900">
          New key (shown once, copy it now): <code className="font-mono break-all select-all">{issue.data.key}</code>
        </p>
      )}
      <ul className="space-y-1">
        {keys.data?.apiKeys.map((k) => (
          <li key={k.id} className="flex flex-wrap items-center gap-x-3">
            <code className="font-mono">{k.prefix}…</code>
            <span className="text-slate-700">
              {k.name} ·{" "}
              {k.revokedAt
                ? "revoked"
                : k.lastUsedAt
                  ? `last used ${new Date(k.lastUsedAt).toLocaleString()}`
                  : "never used"}
            </span>
            {!k.revokedAt && (
              <button
                type="button"
                className="font-semibold text-red-800 hover:underline"
                onClick={() => revoke.mutate(k.id)}
              >
                Revoke<span className="sr-only"> key {k.prefix}</span>
              </button>
            )}
          </li>
        ))}
      </ul>
      <button type="button" className={buttonSecondary} disabled={issue.isPending} onClick={() => issue.mutate()}>
        Issue an API key<span className="sr-only"> for {clinicName}</span>
      </button>
    </div>
  );
}
