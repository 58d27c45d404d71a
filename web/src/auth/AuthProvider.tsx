import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { api, call } from "../api/client";
import { toApiError } from "../api/errors";
import type { Role } from "../api/types";
import { browserZone } from "../lib/time";
import { adoptTokens, dropSession, refreshSession } from "./refresh";
import { getSession, type Session, subscribe } from "./token-store";

export type AuthStatus = "checking" | "signed-in" | "signed-out";

interface AuthValue {
  status: AuthStatus;
  role: Role | null;
  signIn(email: string, password: string): Promise<void>;
  signUp(input: { name: string; email: string; password: string; phone?: string }): Promise<void>;
  signOut(options?: { everywhere?: boolean }): Promise<void>;
  /** Forget the session locally (after the server already ended it, e.g. account deletion). */
  forget(): void;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSessionState] = useState<Session | null>(getSession);
  const [checked, setChecked] = useState(false);

  useEffect(() => subscribe(setSessionState), []);
  // A reload keeps the user signed in through the refresh cookie; until it answers the UI shows
  // neither "Sign in" nor the account menu, so nothing flashes.
  useEffect(() => {
    void refreshSession().finally(() => setChecked(true));
  }, []);

  const signIn = useCallback(async (email: string, password: string) => {
    adoptTokens(await call(api.POST("/api/v1/auth/login", { body: { email, password } })));
  }, []);

  const signUp = useCallback(async (input: { name: string; email: string; password: string; phone?: string }) => {
    // Emails show times in the zone the patient registered from, beside the doctor's. A zone this
    // browser knows but the server's time-zone data does not must not block the sign-up.
    const body = { ...input, timeZone: browserZone() };
    try {
      adoptTokens(await call(api.POST("/api/v1/auth/register", { body })));
    } catch (e) {
      if (!toApiError(e).field("timeZone")) throw e;
      adoptTokens(await call(api.POST("/api/v1/auth/register", { body: input })));
    }
  }, []);

  const forget = useCallback(() => {
    dropSession();
    queryClient.removeQueries({ queryKey: ["me"] });
  }, [queryClient]);

  const signOut = useCallback(
    async (options?: { everywhere?: boolean }) => {
      try {
        await call(api.POST("/api/v1/auth/logout", { body: { everywhere: options?.everywhere ?? false } }));
      } finally {
        forget();
      }
    },
    [forget],
  );

  const value = useMemo<AuthValue>(
    () => ({
      status: session ? "signed-in" : checked ? "signed-out" : "checking",
      role: session?.role ?? null,
      signIn,
      signUp,
      signOut,
      forget,
    }),
    [session, checked, signIn, signUp, signOut, forget],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const value = useContext(AuthContext);
  if (!value) throw new Error("useAuth outside AuthProvider");
  return value;
}
