import type { ApiError } from "../api";
import { focusRing } from "./focusRing";

interface Props {
  error: ApiError;
  onRetry: () => void;
}

export function ErrorState({ error, onRetry }: Props) {
  return (
    <div
      role="alert"
      data-testid="error-state"
      className="rounded-2xl border border-red-200 bg-red-50 px-6 py-8 text-center"
    >
      <p className="text-base font-semibold text-red-900">We couldn't load doctors</p>
      <p data-testid="error-message" className="mt-1 text-sm text-red-800">
        {error.message}
      </p>
      {error.requestId && (
        <p className="mt-2 text-xs text-red-800">
          Request ID:{" "}
          <code data-testid="error-request-id" className="rounded bg-white/70 px-1.5 py-0.5 font-mono select-all">
            {error.requestId}
          </code>
        </p>
      )}
      <button
        type="button"
        onClick={onRetry}
        className={`mt-5 rounded-lg bg-white px-4 py-2 text-sm font-semibold text-red-900 shadow-sm ring-1 ring-red-300 ring-inset hover:bg-red-100 ${focusRing}`}
      >
        Retry
      </button>
    </div>
  );
}
