import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client";
import { apiErrorOf } from "../api/errors";
import { ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import { card, pageTitle } from "../components/ui";
import { FiguresPanel } from "./FiguresPanel";

/** /api/health answers 503 with the same body when something fails: both are shown, not thrown. */
function useHealth() {
  return useQuery({
    queryKey: ["admin", "health"],
    queryFn: async () => {
      const { data, error, response } = await api.GET("/api/health");
      const body = data ?? (response.status === 503 ? (error as unknown as typeof data) : undefined);
      if (!body) throw apiErrorOf(error, response);
      return body;
    },
    refetchInterval: 30_000,
  });
}

export default function OverviewPage() {
  useDocumentTitle("Admin overview");
  const health = useHealth();
  return (
    <div className="space-y-6">
      <h1 className={pageTitle}>Overview</h1>
      <section aria-labelledby="health-title" className={card}>
        <h2 id="health-title" className="text-lg font-semibold text-slate-900">
          Platform health
        </h2>
        {health.isPending && <PageLoading label="Checking the platform…" />}
        {health.isError && (
          <ErrorPanel title="Health check failed" error={health.error} onRetry={() => void health.refetch()} />
        )}
        {health.isSuccess && (
          <>
            <p className="mt-1 text-sm text-slate-700" data-testid="health-status">
              {health.data.status === "ok" ? "All dependencies answer." : `Failing: ${health.data.failing.join(", ")}`}{" "}
              · version {health.data.version}
            </p>
            <ul className="mt-3 grid gap-2 sm:grid-cols-2 lg:grid-cols-3">
              {Object.entries(health.data.checks).map(([name, check]) => (
                <li key={name} className="rounded-xl bg-slate-50 p-3 text-sm ring-1 ring-slate-200">
                  <p className="font-semibold text-slate-900">{name}</p>
                  <p className={check.ok ? "text-emerald-800" : "text-red-800"}>
                    {check.ok ? "OK" : "Failing"}
                    {check.latencyMs !== undefined ? ` · ${check.latencyMs} ms` : ""}
                  </p>
                  {check.error && <p className="text-xs text-red-800">{check.error}</p>}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <FiguresPanel />
    </div>
  );
}
