import { type FormEvent, useId, useState } from "react";
import { type ApiError, toApiError } from "../api/errors";
import { useAuth } from "../auth/AuthProvider";
import { focusRing } from "./focusRing";
import { buttonPrimary, inputClass, labelClass } from "./ui";

/** Sign in or create an account in place; the caller decides what happens next (nothing is lost). */
export function AuthForm({
  onDone,
  initialMode = "signin",
}: {
  onDone: () => void;
  initialMode?: "signin" | "signup";
}) {
  const [mode, setMode] = useState(initialMode);
  const { signIn, signUp } = useAuth();
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const id = useId();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const get = (k: string) => String(form.get(k) ?? "").trim();
    setBusy(true);
    setError(null);
    try {
      if (mode === "signin") await signIn(get("email"), String(form.get("password") ?? ""));
      else {
        const phone = get("phone");
        await signUp({
          name: get("name"),
          email: get("email"),
          password: String(form.get("password") ?? ""),
          ...(phone ? { phone } : {}),
        });
      }
      onDone();
    } catch (err) {
      setError(toApiError(err));
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (name: string) => error?.field(name);
  const field = (name: string, label: string, type: string, autoComplete: string, required = true) => (
    <div>
      <label htmlFor={`${id}-${name}`} className={labelClass}>
        {label}
        {!required && <span className="font-normal text-slate-600"> (optional)</span>}
      </label>
      <input
        id={`${id}-${name}`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        required={required}
        aria-invalid={fieldError(name) ? true : undefined}
        aria-describedby={fieldError(name) ? `${id}-${name}-error` : undefined}
        className={`mt-1 ${inputClass}`}
      />
      {fieldError(name) && (
        <p id={`${id}-${name}-error`} className="mt-1 text-sm text-red-800">
          {label} {fieldError(name)}
        </p>
      )}
    </div>
  );

  return (
    <div data-testid="auth-form">
      <div role="tablist" aria-label="Account" className="mb-4 grid grid-cols-2 gap-1 rounded-lg bg-slate-100 p-1">
        {(["signin", "signup"] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="tab"
            aria-selected={mode === m}
            onClick={() => {
              setMode(m);
              setError(null);
            }}
            className={`rounded-md px-3 py-2 text-sm font-semibold ${mode === m ? "bg-white text-slate-900 shadow-sm" : "text-slate-700"} ${focusRing}`}
          >
            {m === "signin" ? "Sign in" : "Create account"}
          </button>
        ))}
      </div>
      <form onSubmit={submit} className="space-y-4" noValidate={false}>
        {mode === "signup" && field("name", "Full name", "text", "name")}
        {field("email", "Email", "email", "email")}
        {field("password", "Password", "password", mode === "signin" ? "current-password" : "new-password")}
        {mode === "signup" && (
          <p className="-mt-2 text-xs text-slate-700">At least 10 characters; not a common password.</p>
        )}
        {mode === "signup" && field("phone", "Phone", "tel", "tel", false)}
        {error && error.fields.length === 0 && (
          <p role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-900">
            {error.message}
          </p>
        )}
        {error && error.fields.length > 0 && (
          <p role="alert" className="sr-only">
            Please correct the highlighted fields.
          </p>
        )}
        <button type="submit" disabled={busy} className={`w-full ${buttonPrimary}`}>
          {busy ? "Please wait…" : mode === "signin" ? "Sign in" : "Create account"}
        </button>
      </form>
    </div>
  );
}
