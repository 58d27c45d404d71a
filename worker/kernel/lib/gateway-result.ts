/**
 * What crosses the RPC boundary from the gateway: a tagged result, because error classes do
 * not survive RPC. The Worker maps `unavailable` to 503 DEPENDENCY_UNAVAILABLE in one place.
 */
export type GatewayResult<T> = { ok: true; value: T } | { ok: false; reason: "unavailable"; message: string };

export function isTransientMongoError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const name = error.name;
  return (
    name === "MongoServerSelectionError" ||
    name === "MongoNetworkError" ||
    name === "MongoNetworkTimeoutError" ||
    name === "MongoTopologyClosedError" ||
    name === "MongoNotConnectedError" ||
    name === "MongoPoolClearedError" ||
    (error as { hasErrorLabel?: (l: string) => boolean }).hasErrorLabel?.("RetryableWriteError") === true
  );
}
