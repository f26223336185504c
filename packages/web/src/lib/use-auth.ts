import { useRouteContext } from "@tanstack/react-router";
import { useSyncExternalStore } from "react";
import type { Auth, AuthState } from "../api";

/** Re-renders when the session changes (sign-in, sign-out, a new name). */
export function useAuthState(auth: Auth): AuthState {
  return useSyncExternalStore(auth.subscribe, () => auth.state);
}

/** The session from the router context and its current state, for components. */
export function useAuth(): { auth: Auth; state: AuthState } {
  const { auth } = useRouteContext({ from: "__root__" });
  return { auth, state: useAuthState(auth) };
}
