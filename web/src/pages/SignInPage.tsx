import { useAuth } from "../auth/AuthProvider";
import { AuthForm } from "../components/AuthForm";
import { PageLoading, useDocumentTitle } from "../components/States";
import { card, pageTitle } from "../components/ui";
import { Navigate, useSearchParams } from "../router";

/** Only same-site paths are followed after sign-in (no open redirect). */
function safeNext(next: string | null): string {
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/appointments";
}

export default function SignInPage() {
  useDocumentTitle("Sign in");
  const [params] = useSearchParams();
  const next = safeNext(params.get("next"));
  const { status, role } = useAuth();
  if (status === "checking") return <PageLoading />;
  // Doctors and admins sign in here too; their own areas (issue 13) are not built yet, so home.
  if (status === "signed-in") return <Navigate replace to={role === "patient" ? next : "/"} />;
  return (
    <div className="mx-auto max-w-md space-y-6">
      <h1 className={pageTitle}>Sign in to Prescripto</h1>
      <div className={card}>
        <AuthForm onDone={() => undefined} />
      </div>
    </div>
  );
}
