/**
 * Wraps an async job so that at most one run is in flight: a call made during a run schedules
 * exactly one more run after it, which sees everything that happened meanwhile. Each caller's
 * promise settles once a run that started after its call has finished. This is how many changes
 * share one send or one cache invalidation without a timer per change.
 */
export function coalesced(job: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  let again = false;
  return () => {
    again = true;
    running ??= (async () => {
      try {
        while (again) {
          again = false;
          await job();
        }
      } finally {
        running = null;
      }
    })();
    return running;
  };
}
