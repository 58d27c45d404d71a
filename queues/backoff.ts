/** Exponential backoff with full jitter, in whole seconds as Queues expects (capped at 5 minutes). */
export function retryDelaySeconds(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(300, 2 ** Math.min(attempts, 8) * 2);
  return Math.max(1, Math.round(ceiling * random()));
}
