import type { Role } from "../api/types";
import { useAuth } from "../auth/AuthProvider";
import { AuthForm } from "../components/AuthForm";
import { HOME_OF } from "../components/RequireAuth";
import { PageLoading, useDocumentTitle } from "../components/States";
import { card, pageTitle } from "../components/ui";
import { Navigate, useSearchParams } from "../router";

/** Only same-site paths are followed after sign-in (no open redirect), and only into the role's own area. */
function safeNext(next: string | null, role: Role): string {
  const home = HOME_OF[role];
  if (!next?.startsWith("/") || next.startsWith("//")) return home;
  const area = (path: string) =>
    path.startsWith("/doctor") && !path.startsWith("/doctors")
      ? "doctor"
      : path.startsWith("/admin")
        ? "admin"
        : "patient";
  return area(next) === role ? next : home;
}

export default function SignInPage() {
  useDocumentTitle("Sign in");
  const [params] = useSearchParams();
  const { status, role } = useAuth();
  if (status === "checking") return <PageLoading />;
  // Doctors and admins sign in here too and land in their own areas.
  if (status === "signed-in" && role) return <Navigate replace to={safeNext(params.get("next"), role)} />;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className={pageTitle}>Sign in to Prescripto</h1>
      <div className={card}>
        <AuthForm onDone={() => undefined} />
      </div>
    </div>
  );
}
