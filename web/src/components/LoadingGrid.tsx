import { gridClass } from "./gridClass";

/** Skeleton placeholders shaped like doctor cards. */
export function LoadingGrid({ count = 6 }: { count?: number }) {
  return (
    <div data-testid="loading">
      <p className="sr-only">Loading doctors…</p>
      <ul aria-hidden="true" className={gridClass}>
        {Array.from({ length: count }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: static placeholders
          <li key={i} className="animate-pulse rounded-2xl bg-white p-5 shadow-sm ring-1 ring-slate-200">
            <div className="flex items-start gap-4">
              <div className="size-16 shrink-0 rounded-full bg-slate-200" />
              <div className="flex-1 space-y-2 pt-1">
                <div className="h-4 w-3/4 rounded bg-slate-200" />
                <div className="h-3 w-1/2 rounded bg-slate-200" />
                <div className="h-3 w-1/3 rounded bg-slate-200" />
              </div>
            </div>
            <div className="mt-5 space-y-2">
              <div className="h-3 w-2/5 rounded bg-slate-200" />
              <div className="h-3 w-1/4 rounded bg-slate-200" />
            </div>
            <div className="mt-5 flex items-center justify-between border-t border-slate-100 pt-4">
              <div className="h-5 w-16 rounded bg-slate-200" />
              <div className="h-5 w-20 rounded-full bg-slate-200" />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
