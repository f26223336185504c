import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import type { AxeResults, ImpactValue } from "axe-core";
import type { Page } from "playwright-core";

declare global {
  interface Window {
    axe: typeof import("axe-core");
  }
}

const require = createRequire(import.meta.url);
/** axe-core's own browser build, from node_modules: nothing is downloaded. */
let source: Promise<string> | undefined;

/** What fails the pass: axe's two highest impacts. */
const failing: readonly ImpactValue[] = ["serious", "critical"];

/**
 * Runs axe-core over the page as it is now and returns its serious and critical
 * violations, one readable line per rule and element (empty when the page passes).
 */
export async function axeViolations(page: Page): Promise<string[]> {
  source ??= readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  if (!(await page.evaluate(() => "axe" in window))) {
    // Evaluated by the browser's debugging protocol, which the page's CSP does not govern (a
    // script tag would be refused: the pages run under the production policy).
    await page.evaluate(await source);
  }
  const results: Pick<AxeResults, "violations"> = await page.evaluate(async () => {
    const { violations } = await window.axe.run(document, { resultTypes: ["violations"] });
    return { violations };
  });
  return results.violations
    .filter((violation) => violation.impact && failing.includes(violation.impact))
    .flatMap((violation) =>
      violation.nodes.map(
        (node) =>
          `${violation.id} (${violation.impact}) at ${node.target.join(" ")}: ${node.failureSummary?.replace(/\s+/g, " ")}`,
      ),
    );
}

/** Whether the page scrolls sideways (the document is wider than the window). */
export const scrollsSideways = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    return root.scrollWidth > root.clientWidth;
  });
