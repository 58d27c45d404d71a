import { type FormEvent, useId, useState } from "react";
import { toApiError } from "../api/errors";
import { useAuth } from "../auth/AuthProvider";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorPanel, PageLoading, useDocumentTitle } from "../components/States";
import {
  buttonDanger,
  buttonPrimary,
  buttonSecondary,
  card,
  inputClass,
  labelClass,
  pageTitle,
} from "../components/ui";
import { browserZone } from "../lib/time";
import { useChangePassword, useDeleteAccount, useProfile, useUpdateProfile } from "../queries/profile";
import { useNavigate } from "../router";

export default function AccountPage() {
  useDocumentTitle("Account");
  const { role } = useAuth();
  return (
    <div className="mx-auto max-w-2xl space-y-6">
      <h1 className={pageTitle}>Your account</h1>
      {role === "patient" && <ProfileForm />}
      <PasswordForm />
      <Sessions />
      {role === "patient" && <DeleteAccount />}
    </div>
  );
}

function Field(props: {
  id: string;
  name: string;
  label: string;
  type?: string;
  defaultValue?: string;
  autoComplete: string;
  required?: boolean;
  error?: string | undefined;
}) {
  return (
    <div>
      <label htmlFor={props.id} className={labelClass}>
        {props.label}
      </label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? "text"}
        defaultValue={props.defaultValue}
        autoComplete={props.autoComplete}
        required={props.required}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        className={`mt-1 ${inputClass}`}
      />
      {props.error && (
        <p id={`${props.id}-error`} className="mt-1 text-sm text-red-800">
          {props.label} {props.error}
        </p>
      )}
    </div>
  );
}

/** The zones this browser knows, with the saved one and the browser's own always present. */
function zoneOptions(current: string | null): string[] {
  const known = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  return [...new Set([...(current ? [current] : []), browserZone(), ...known])].sort();
}

function TimeZoneField(props: { id: string; current: string | null; error?: string }) {
  const hint = `${props.id}-hint`;
  return (
    <div>
      <label htmlFor={props.id} className={labelClass}>
        Time zone for emails
      </label>
      <select
        id={props.id}
        name="timeZone"
        defaultValue={props.current ?? browserZone()}
        aria-describedby={props.error ? `${hint} ${props.id}-error` : hint}
        aria-invalid={props.error ? true : undefined}
        className={`mt-1 ${inputClass}`}
      >
        {zoneOptions(props.current).map((z) => (
          <option key={z} value={z}>
            {z.replaceAll("_", " ")}
          </option>
        ))}
      </select>
      <p id={hint} className="mt-1 text-sm text-slate-700">
        Confirmations and reminders show your appointment time in this zone, beside the doctor's.
      </p>
      {props.error && (
        <p id={`${props.id}-error`} className="mt-1 text-sm text-red-800">
          Time zone {props.error}
        </p>
      )}
    </div>
  );
}

function ProfileForm() {
  const profile = useProfile(true);
  const update = useUpdateProfile();
  const id = useId();
  if (profile.isPending) return <PageLoading />;
  if (profile.isError)
    return (
      <ErrorPanel title="We couldn't load your profile" error={profile.error} onRetry={() => void profile.refetch()} />
    );
  const err = update.error ? toApiError(update.error) : null;
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const phone = String(f.get("phone") ?? "").trim();
    const timeZone = String(f.get("timeZone") ?? "");
    update.mutate({ name: String(f.get("name") ?? "").trim(), phone: phone || null, timeZone: timeZone || null });
  };
  return (
    <section aria-labelledby={`${id}-h`} className={card}>
      <h2 id={`${id}-h`} className="mb-4 text-lg font-bold text-slate-900">
        Profile
      </h2>
      <p className="mb-4 text-sm text-slate-700">Email: {profile.data.email}</p>
      <form onSubmit={submit} className="space-y-4">
        <Field
          id={`${id}-name`}
          name="name"
          label="Full name"
          defaultValue={profile.data.name}
          autoComplete="name"
          required
          error={err?.field("name")}
        />
        <Field
          id={`${id}-phone`}
          name="phone"
          label="Phone"
          type="tel"
          defaultValue={profile.data.phone ?? ""}
          autoComplete="tel"
          error={err?.field("phone")}
        />
        <TimeZoneField id={`${id}-tz`} current={profile.data.timeZone} error={err?.field("timeZone")} />
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonPrimary} disabled={update.isPending}>
            Save profile
          </button>
          <p aria-live="polite" className="text-sm text-slate-800">
            {update.isSuccess ? "Saved." : err && err.fields.length === 0 ? err.message : ""}
          </p>
        </div>
      </form>
    </section>
  );
}

function PasswordForm() {
  const change = useChangePassword();
  const id = useId();
  const err = change.error ? toApiError(change.error) : null;
  return (
    <section aria-labelledby={`${id}-h`} className={card}>
      <h2 id={`${id}-h`} className="mb-4 text-lg font-bold text-slate-900">
        Change password
      </h2>
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const form = e.currentTarget;
          const f = new FormData(form);
          change.mutate(
            {
              currentPassword: String(f.get("currentPassword") ?? ""),
              newPassword: String(f.get("newPassword") ?? ""),
            },
            { onSuccess: () => form.reset() },
          );
        }}
      >
        <Field
          id={`${id}-cur`}
          name="currentPassword"
          label="Current password"
          type="password"
          autoComplete="current-password"
          required
          error={err?.field("currentPassword")}
        />
        <Field
          id={`${id}-new`}
          name="newPassword"
          label="New password"
          type="password"
          autoComplete="new-password"
          required
          error={err?.field("newPassword")}
        />
        <div className="flex items-center gap-3">
          <button type="submit" className={buttonPrimary} disabled={change.isPending}>
            Change password
          </button>
          <p aria-live="polite" className="text-sm text-slate-800">
            {change.isSuccess
              ? "Password changed. Other devices have been signed out."
              : err && err.fields.length === 0
                ? err.message
                : ""}
          </p>
        </div>
      </form>
    </section>
  );
}

function Sessions() {
  const { signOut } = useAuth();
  const navigate = useNavigate();
  const out = (everywhere: boolean) => void signOut({ everywhere }).finally(() => navigate("/", { replace: true }));
  return (
    <section aria-labelledby="sessions" className={card}>
      <h2 id="sessions" className="mb-2 text-lg font-bold text-slate-900">
        Sign out
      </h2>
      <p className="mb-4 text-sm text-slate-700">"Everywhere" also ends your sign-ins on other phones and computers.</p>
      <div className="flex flex-wrap gap-3">
        <button type="button" className={buttonSecondary} onClick={() => out(false)}>
          Sign out
        </button>
        <button type="button" className={buttonSecondary} onClick={() => out(true)}>
          Sign out everywhere
        </button>
      </div>
    </section>
  );
}

function DeleteAccount() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState("");
  const del = useDeleteAccount();
  const { forget } = useAuth();
  const navigate = useNavigate();
  const id = useId();
  const err = del.error ? toApiError(del.error) : null;
  return (
    <section aria-labelledby={`${id}-h`} className={`${card} ring-red-200`}>
      <h2 id={`${id}-h`} className="mb-2 text-lg font-bold text-red-900">
        Delete account
      </h2>
      <p className="mb-4 text-sm text-slate-800">
        Your details are erased and every sign-in ends. This cannot be undone.
      </p>
      <button type="button" className={buttonDanger} onClick={() => setOpen(true)}>
        Delete my account
      </button>
      <ConfirmDialog
        open={open}
        title="Delete your account?"
        confirmLabel="Delete account"
        busy={del.isPending}
        onClose={() => {
          setOpen(false);
          del.reset();
        }}
        onConfirm={() =>
          del.mutate(password, {
            onSuccess: () => {
              forget();
              navigate("/", { replace: true });
            },
          })
        }
      >
        <label htmlFor={`${id}-pw`} className={labelClass}>
          Enter your password to confirm
        </label>
        <input
          id={`${id}-pw`}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          className={`mt-1 ${inputClass}`}
        />
        {err && (
          <p role="alert" className="mt-2 text-sm text-red-800">
            {err.field("password") ? `Password ${err.field("password")}` : err.message}
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
