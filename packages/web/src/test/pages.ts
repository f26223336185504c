import { screen, within } from "@testing-library/react";
import type { renderApp } from "./app";

/** A token as the links in account emails carry them. */
export const token = "k2bXW7rT0nq4Hc1L8pYv3AqZs9EoUf6GdJiMw5Ny-_a";
export const noContent = () => new Response(null, { status: 204 });
export const accepted = () => new Response(null, { status: 202 });

/** The JSON body of the first call to `key` ("POST /api/..."). */
export const bodyOf = (fetch: Awaited<ReturnType<typeof renderApp>>["fetch"], key: string) => {
  const call = fetch.mock.calls.find(([input, init]) => `${init.method} ${input}` === key);
  return JSON.parse(String(call?.[1].body));
};

export const inMain = () => within(screen.getByRole("main"));
export const heading = (name: string) => screen.findByRole("heading", { level: 1, name });
