import { type ReactNode, type RefObject, useEffect, useRef } from "react";
import type { ApiError } from "../api/errors";
import { toApiError } from "../api/errors";
import { buttonSecondary } from "./ui";

export function PageLoading({ label = "Loading…" }: { label?: string }) {
  return (
    <div data-testid="loading" className="min-h-[50vh]" aria-busy="true">
      <p className="sr-only" role="status">
        {label}
      </p>
      <div aria-hidden="true" className="h-8 w-1/3 animate-pulse rounded bg-slate-200" />
      <div aria-hidden="true" className="mt-6 h-40 animate-pulse rounded-2xl bg-slate-200/70" />
    </div>
  );
}

interface ErrorProps {
  error: unknown;
  title: string;
  onRetry?: () => void;
}

/** A failed load: what went wrong, the request id to quote, and Retry. */
export function ErrorPanel({ error, title, onRetry }: ErrorProps) {
  const e: ApiError = toApiError(error);
  return (
    <div
      role="alert"
      data-testid="error-state"
      className="rounded-2xl border border-red-200 bg-red-50 px-6 py-8 text-center"
    >
      <p className="text-base font-semibold text-red-900">{title}</p>
      <p data-testid="error-message" className="mt-1 text-sm text-red-800">
        {e.message}
      </p>
      {e.requestId && (
        <p className="mt-2 text-xs text-red-800">
          Request ID: <code className="rounded bg-white/70 px-1.5 py-0.5 font-mono select-all">{e.requestId}</code>
        </p>
      )}
      {onRetry && (
        <button type="button" onClick={onRetry} className={`mt-5 ${buttonSecondary}`}>
          Retry
        </button>
      )}
    </div>
  );
}

export function EmptyPanel({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div
      data-testid="empty-state"
      className="rounded-2xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center"
    >
      <p className="text-base font-semibold text-slate-900">{title}</p>
      {children && <div className="mt-2 text-sm text-slate-700">{children}</div>}
    </div>
  );
}

/**
 * After a Retry the error panel (and the button that had focus) disappears; move focus to the
 * content that replaced it so keyboard and screen-reader users are not dropped at the page top.
 */
export function useFocusAfterRetry(ok: boolean): { target: RefObject<HTMLHeadingElement | null>; retried: () => void } {
  const target = useRef<HTMLHeadingElement>(null);
  const pending = useRef(false);
  useEffect(() => {
    if (ok && pending.current) {
      pending.current = false;
      target.current?.focus();
    }
  }, [ok]);
  return {
    target,
    retried: () => {
      pending.current = true;
    },
  };
}

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Prescripto`;
  }, [title]);
}
