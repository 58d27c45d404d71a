import type { ReactNode } from "react";
import { useAuth } from "../auth/AuthProvider";
import { Navigate, useLocation } from "../router";
import { PageLoading } from "./States";

/** Patient pages: wait for the silent refresh, then either show the page or go to sign-in and come back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status } = useAuth();
  const location = useLocation();
  if (status === "checking") return <PageLoading label="Checking your sign-in…" />;
  if (status === "signed-out") {
    return <Navigate replace to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} />;
  }
  return <>{children}</>;
}
