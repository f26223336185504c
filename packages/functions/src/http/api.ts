import { Actor } from "@sharespace/core/actor";
import { AppError } from "@sharespace/core/error";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import { logger } from "../logger";
import { type ApiFunction, type KeyOf, routeKey, routes } from "../routes";
import { type Request, readRequest } from "./request";
import { errorResponse, internalError, type Response, render } from "./response";

type KeysOf<F extends ApiFunction> = KeyOf<Extract<(typeof routes)[number], { function: F }>>;

export type RouteHandler = (request: Request) => Promise<Response>;

/**
 * Builds one Lambda function's handler from a handler per route of the route table. The
 * type demands a handler for every route the table gives this function. Around each
 * route handler it: parses the request, provides the actor from the JWT claims API
 * Gateway has verified, and maps typed errors to their documented answers; anything else
 * is logged and becomes a generic 500.
 */
export function api<F extends ApiFunction>(fn: F, handlers: Record<KeysOf<F>, RouteHandler>) {
  const withBody = new Set(
    routes.filter((r) => r.function === fn && "body" in r).map((r) => routeKey(r) as string),
  );
  const table = handlers as Record<string, RouteHandler>;

  return async (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => {
    logger.addContext(context); // request id, cold start and function name on every log line
    const requestId = event.requestContext?.requestId ?? context.awsRequestId;
    const route = table[event.routeKey];
    try {
      if (!route) throw new AppError("not_found", "not_found", "No such route.");
      const request = readRequest(event, withBody.has(event.routeKey));
      const userId = event.requestContext?.authorizer?.jwt?.claims?.sub;
      const actor: Actor =
        typeof userId === "string" ? { type: "user", userId } : { type: "public" };
      return render(await Actor.provide(actor, () => route(request)));
    } catch (error) {
      if (error instanceof AppError) return render(errorResponse(error));
      logger.error("Unhandled error", { error, routeKey: event.routeKey, requestId });
      return render(internalError(requestId));
    }
  };
}
