import type { ReactNode } from "react";
import { useAuth } from "../auth/AuthProvider";
import { Navigate, useLocation } from "../router";
import { EmptyPanel, PageLoading } from "./States";

/** Patient pages (the API refuses other roles; the UI does not offer them either): wait for the silent refresh, then either show the page or go to sign-in and come back. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { status, role } = useAuth();
  const location = useLocation();
  if (status === "checking") return <PageLoading label="Checking your sign-in…" />;
  if (status === "signed-out") {
    return <Navigate replace to={`/signin?next=${encodeURIComponent(location.pathname + location.search)}`} />;
  }
  if (role !== "patient") {
    return (
      <EmptyPanel title="This page is for patients">
        <p>
          You are signed in as {role === "doctor" ? "a doctor" : "an admin"}; patients' pages are not available to you.
        </p>
      </EmptyPanel>
    );
  }
  return <>{children}</>;
}
