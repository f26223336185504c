import {
  AuthSession,
  Discovery,
  Jwks,
  LoginBody,
  RefreshedToken,
  SignupBody,
} from "@sharespace/core/schema";
import type { Route } from "./route";

/** Discovery of the token issuer, sign-up, sign-in and sessions. */
export const authRoutes = [
  {
    method: "GET",
    path: "/api/.well-known/openid-configuration",
    function: "Auth",
    auth: "public",
    summary: "OIDC discovery document of the token issuer.",
    response: { status: 200, body: Discovery },
  },
  {
    method: "GET",
    path: "/api/.well-known/jwks.json",
    function: "Auth",
    auth: "public",
    summary: "Public keys that verify access tokens; both keys during a rotation.",
    response: { status: 200, body: Jwks },
  },
  {
    method: "POST",
    path: "/api/auth/signup",
    function: "Auth",
    auth: "public",
    summary: "Create an account and sign in.",
    body: SignupBody,
    response: { status: 201, body: AuthSession },
    errors: [409],
  },
  {
    method: "POST",
    path: "/api/auth/login",
    function: "Auth",
    auth: "public",
    summary: "Sign in with email and password.",
    body: LoginBody,
    response: { status: 200, body: AuthSession },
    errors: [401, 429],
  },
  {
    method: "POST",
    path: "/api/auth/refresh",
    function: "Auth",
    auth: "public",
    summary: "Trade the refresh cookie for a new access token and a new cookie.",
    response: { status: 200, body: RefreshedToken },
    errors: [401],
  },
  {
    method: "POST",
    path: "/api/auth/logout",
    function: "Auth",
    auth: "public",
    summary: "End the session of the refresh cookie.",
    response: { status: 204 },
  },
] as const satisfies readonly Route[];
