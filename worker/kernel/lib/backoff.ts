/** Exponential backoff with full jitter, in whole seconds as Queues expects (capped, 5 minutes by default). */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random, maxSeconds = 300): number {
  const ceiling = Math.min(maxSeconds, 2 ** Math.min(attempts, 8) * 2);
  return Math.max(1, Math.round(ceiling * random()));
}
