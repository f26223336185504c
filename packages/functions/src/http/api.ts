import { Actor } from "@sharespace/core/actor";
import { isServiceOutage } from "@sharespace/core/clients";
import { config } from "@sharespace/core/config";
import { AppError, unavailable } from "@sharespace/core/error";
import type { APIGatewayProxyEventV2WithJWTAuthorizer, Context } from "aws-lambda";
import type { GenericSchema, InferInput, InferOutput } from "valibot";
import { logger } from "../logger";
import { type KeyOf, type Route, routeKey, routes } from "../routes";
import { checkOrigin, clientAddress, readCookies, readHeaders, readInput } from "./request";
import { type Extra, errorResponse, internalError, render } from "./response";

type Parsed<R, Part extends "body" | "query" | "params"> = R extends {
  [P in Part]: infer S extends GenericSchema;
}
  ? InferOutput<S>
  : undefined;

/**
 * What a route handler gets: the route's path variables, query and body, already validated
 * by the schemas the route table declares and typed by them (`undefined` where the route
 * declares none), plus cookies and headers.
 */
export interface Request<R extends Route = Route> {
  params: Parsed<R, "params">;
  query: Parsed<R, "query">;
  body: Parsed<R, "body">;
  cookies: Record<string, string>;
  /** Lower-case names. */
  headers: Record<string, string>;
}

/**
 * What a route handler may answer: the route's success status, with a body its response
 * schema accepts (none where it declares none). Errors are thrown as `AppError`.
 */
export type Answer<R extends Route> = R["response"] extends { body: infer S extends GenericSchema }
  ? { status: R["response"]["status"]; body: InferInput<S> } & Extra
  : R["response"] extends { html: true }
    ? { status: R["response"]["status"]; body: string; html: true } & Extra
    : { status: R["response"]["status"]; body?: undefined } & Extra;

/** The handler of one route. */
export type RouteHandler<R extends Route = Route> = (request: Request<R>) => Promise<Answer<R>>;

/** One handler per route of the table that names function `F`, keyed by route key. */
export type Handlers<T extends readonly Route[], F extends string> = {
  [R in Extract<T[number], { function: F }> as KeyOf<R>]: RouteHandler<R>;
};

/**
 * Makes the handler wrapper for a route table (the app's is {@link api}; tests build their
 * own tables).
 */
export function createApi<const T extends readonly Route[]>(table: T) {
  /**
   * Builds one Lambda function's handler from a handler per route of the table. The type
   * demands a handler for every route the table gives this function. Around each route
   * handler it: reads and validates the request against the route's schemas (400, 413,
   * 415), refuses a foreign `Origin` on cookie-authenticated routes (403), provides the actor
   * from the JWT claims API Gateway has verified and the client's address, and maps typed
   * errors to their documented answers, an unreachable or stalled backing service to 503
   * `unavailable`, and anything else to a logged, generic 500.
   */
  return function api<F extends Route["function"]>(fn: F, handlers: NoInfer<Handlers<T, F>>) {
    const served = new Map<string, { route: Route; handler: RouteHandler }>();
    for (const route of table) {
      if (route.function !== fn) continue;
      const key = routeKey(route);
      const handler = (handlers as unknown as Record<string, RouteHandler>)[key];
      if (handler) served.set(key, { route, handler });
    }

    return async (event: APIGatewayProxyEventV2WithJWTAuthorizer, context: Context) => {
      logger.addContext(context); // request id, cold start and function name on every log line
      const requestId = event.requestContext?.requestId ?? context.awsRequestId;
      const entry = served.get(event.routeKey);
      try {
        if (!entry) throw new AppError("not_found", "not_found", "No such route.");
        const headers = readHeaders(event);
        if (entry.route.cookieAuth) checkOrigin(headers, config.appOrigin());
        const request = {
          ...readInput(entry.route, event),
          cookies: readCookies(event),
          headers,
        } as Request;
        const userId = event.requestContext?.authorizer?.jwt?.claims?.sub;
        const address = clientAddress(event);
        const actor: Actor =
          typeof userId === "string"
            ? { type: "user", userId, address }
            : { type: "public", address };
        return render(await Actor.provide(actor, () => entry.handler(request)));
      } catch (error) {
        if (error instanceof AppError) return render(errorResponse(error));
        if (isServiceOutage(error)) {
          logger.warn("Backing service unavailable", {
            error,
            routeKey: event.routeKey,
            requestId,
          });
          return render(errorResponse(unavailable()));
        }
        logger.error("Unhandled error", { error, routeKey: event.routeKey, requestId });
        return render(internalError(requestId));
      }
    };
  };
}

/** The wrapper for the app's route table. */
export const api = createApi(routes);
