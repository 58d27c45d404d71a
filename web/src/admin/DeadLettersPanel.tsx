import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { api, call, idempotencyKey } from "../api/client";
import { toApiError } from "../api/errors";
import { EmptyPanel, ErrorPanel, PageLoading } from "../components/States";
import { buttonSecondary, card } from "../components/ui";

/**
 * Messages the queues' consumers gave up on (system of record, notifications): inspect each, re-drive
 * one or all of those that exhausted their retries, back to the queue they came from.
 */
export function DeadLettersPanel() {
  const id = useId();
  const queryClient = useQueryClient();
  const letters = useQuery({
    queryKey: ["admin", "dead-letters"],
    queryFn: () => call(api.GET("/api/v1/admin/dead-letters", { params: { query: { limit: 100 } } })),
  });
  const redrive = useMutation({
    mutationFn: (ids?: string[]) =>
      call(
        api.POST("/api/v1/admin/dead-letters/redrive", {
          headers: { "Idempotency-Key": idempotencyKey() },
          body: ids ? { ids } : {},
        }),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ["admin", "dead-letters"] }),
  });
  const list = letters.data?.deadLetters ?? [];
  return (
    <section aria-labelledby={`${id}-t`} className={`${card} space-y-4`}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id={`${id}-t`} className="text-lg font-semibold text-slate-900">
          Dead letters
        </h2>
        <button
          type="button"
          className={buttonSecondary}
          disabled={redrive.isPending || list.every((l) => l.reason !== "retries exhausted")}
          onClick={() => redrive.mutate(undefined)}
        >
          Re-drive exhausted messages
        </button>
      </div>
      <div aria-live="polite" className="text-sm">
        {redrive.isSuccess && (
          <p>
            {redrive.data.redriven} sent back
            {Object.entries(redrive.data.byQueue)
              .map(([q, n]) => ` · ${q}: ${n}`)
              .join("")}
            .
          </p>
        )}
        {redrive.isError && (
          <p role="alert" className="text-red-800">
            {toApiError(redrive.error).message}
          </p>
        )}
      </div>
      {letters.isPending && <PageLoading label="Loading dead letters…" />}
      {letters.isError && (
        <ErrorPanel
          title="We couldn't load dead letters"
          error={letters.error}
          onRetry={() => void letters.refetch()}
        />
      )}
      {letters.isSuccess && list.length === 0 && (
        <EmptyPanel title="No dead letters">Every queued message was handled.</EmptyPanel>
      )}
      <ul className="space-y-2">
        {list.map((l) => (
          <li key={l._id} className="rounded-xl bg-slate-50 p-3 text-sm ring-1 ring-slate-200">
            <details>
              <summary className="cursor-pointer font-medium text-slate-900">
                {l.queue} · {l.messageId} · {l.reason} · {l.attempts} attempts ·{" "}
                {new Date(l.recordedAt).toLocaleString()}
              </summary>
              <pre className="mt-2 max-h-64 overflow-auto rounded bg-white p-2 text-xs">
                {JSON.stringify(l.body, null, 2)}
              </pre>
              {l.reason === "retries exhausted" && (
                <button
                  type="button"
                  className={`mt-2 ${buttonSecondary}`}
                  disabled={redrive.isPending}
                  onClick={() => redrive.mutate([l._id])}
                >
                  Re-drive this message<span className="sr-only"> {l.messageId}</span>
                </button>
              )}
            </details>
          </li>
        ))}
      </ul>
    </section>
  );
}
