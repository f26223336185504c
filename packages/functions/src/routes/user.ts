import { Health, Me, OpenApiDocument, UpdateMeBody, User } from "@sharespace/core/schema";
import type { Route } from "./route";

/** The API itself (health, its OpenAPI document) and the signed-in user. */
export const userRoutes = [
  {
    method: "GET",
    path: "/api/health",
    function: "User",
    auth: "public",
    summary: "Answers once the API, the table and the bucket all answer.",
    response: { status: 200, body: Health },
  },
  {
    method: "GET",
    path: "/api/openapi.json",
    function: "User",
    auth: "public",
    summary: "This document.",
    response: { status: 200, body: OpenApiDocument },
  },
  {
    method: "GET",
    path: "/api/me",
    function: "User",
    auth: "jwt",
    summary: "The signed-in user, with usage and quota.",
    response: { status: 200, body: Me },
    // user_not_found: the account was deleted while its access token lives on.
    errors: [404],
  },
  {
    method: "PATCH",
    path: "/api/me",
    function: "User",
    auth: "jwt",
    summary: "Change the signed-in user's display name.",
    body: UpdateMeBody,
    response: { status: 200, body: User },
    errors: [404],
  },
  {
    method: "DELETE",
    path: "/api/me",
    function: "User",
    auth: "jwt",
    summary:
      "Delete the signed-in user's account: sign-in and sessions end at once, the email can sign up again, and media, shares and links are removed shortly after.",
    response: { status: 204 },
  },
] as const satisfies readonly Route[];
