/**
 * The infrastructure, proven without AWS: `sst diff` runs the real `sst.config.ts` and
 * `infra/` with SST's own CLI and build, the Pulumi engine replaced by Pulumi's mocks (see
 * `harness.ts`), for a pull request's stage and for production; then every check holds on
 * the resource graph. A deliberately broken copy runs alongside, and must fail them.
 *
 * Limits: mocks cannot know what AWS itself would refuse (a memory size out of range, a
 * policy AWS rejects), nor how CloudFront behaves.
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CheckedRun, checks } from "./checks";
import { functionNames, leftOutByBuildPlugins } from "./functions";
import { countByType } from "./graph";
import { type InfraRuns, runInfra } from "./harness";
import { mistakes } from "./mistakes";

const stages = ["pr-123", "production"] as const;
const brokenStage = "pr-456";

/** Replaces `from` in a file of the copy, and fails when it is no longer there to break. */
async function replaceIn(dir: string, file: string, from: string, to: string) {
  const text = await readFile(join(dir, file), "utf8");
  if (!text.includes(from)) throw new Error(`cannot break ${file}: "${from}" is not in it`);
  await writeFile(join(dir, file), text.replace(from, to));
}

/**
 * Three mistakes that type-check: a handler path, a route without its authorizer, and the
 * functions built without the build plugins. The copy's web build is stubbed (it is not
 * under test here, and costs the most).
 */
async function breakCopy(dir: string) {
  await replaceIn(
    dir,
    "packages/web/package.json",
    '"build": "vite build"',
    '"build": "mkdir -p dist && echo > dist/index.html"',
  );
  await replaceIn(
    dir,
    "infra/api.ts",
    '"packages/functions/src/share.handler"',
    '"packages/functions/src/shares.handler"',
  );
  await replaceIn(
    dir,
    "infra/api.ts",
    'route.auth === "jwt"',
    'route.auth === "jwt" && route.method !== "PATCH"',
  );
  await replaceIn(dir, "sst.config.ts", 'await import("./infra/build");', "");
}

let infra: InfraRuns;
const runs = new Map<string, CheckedRun>();

beforeAll(async () => {
  infra = await runInfra([
    ...stages.map((stage) => ({ stage })),
    { stage: brokenStage, mutate: breakCopy },
  ]);
  for (const result of infra.results) {
    if (!result.graph)
      throw new Error(`sst diff --stage ${result.stage} ran no program:\n${result.output}`);
    runs.set(result.stage, { ...result, graph: result.graph });
  }
  // What each run made, for the log of a failing run and for reviewers.
  for (const stage of stages)
    console.log(`${stage}:`, JSON.stringify(countByType(run(stage).graph)));
  const broken = checks.flatMap(({ name, problems }) =>
    problems(run(brokenStage)).map((p) => `${name}: ${p}`),
  );
  console.log(`${brokenStage} (broken on purpose):\n  ${broken.join("\n  ")}`);
}, 600_000);

afterAll(async () => {
  await infra?.dispose();
});

const run = (stage: string) => {
  const checked = runs.get(stage);
  if (!checked) throw new Error(`no run of ${stage}`);
  return checked;
};

describe.each(stages)("stage %s", (stage) => {
  it.each(checks.map((check) => [check.name, check] as const))("%s", (_, check) => {
    expect(check.problems(run(stage))).toEqual([]);
  });
});

describe("a copy with a wrong handler path, a route without its authorizer and no build plugins", () => {
  const problems = () => checks.flatMap((check) => check.problems(run(brokenStage)));

  it("fails to build: SST reports the missing module and exits with an error", () => {
    const broken = run(brokenStage);
    expect(broken.exitCode).not.toBe(0);
    expect(broken.graph.errors.join("\n")).toMatch(/shares/);
    expect(problems()).toContain("ShareFunction: packages/functions/src/shares.ts does not exist");
  });

  it("fails the route check: the guarded route is open", () => {
    expect(problems()).toContain("PATCH /api/me: not guarded by the JWT authorizer");
  });

  it("fails the build check: the bundles hold what the plugins leave out", () => {
    // The stages above pass it: SST's own build applies the plugins (through its bridge).
    const bundles = problems().filter((p) => p.includes("built without the build plugins"));
    for (const marker of leftOutByBuildPlugins) {
      expect(bundles.filter((p) => p.includes(marker))).toHaveLength(functionNames.length - 1);
    }
  });

  it("fails the counts: the function that did not build is missing", () => {
    const count = functionNames.length;
    expect(problems()).toContain(
      `aws:lambda/function:Function: expected ${count}, got ${count - 1}`,
    );
  });
});

describe("each check catches the mistake it guards against", () => {
  it.each(mistakes.map((mistake) => [`${mistake.check}…: ${mistake.mistake}`, mistake] as const))(
    "%s",
    (_, mistake) => {
      const check = checks.find(({ name }) => name.startsWith(mistake.check));
      const graph = structuredClone(run(mistake.stage).graph);
      expect(check?.problems({ ...run(mistake.stage), graph })).toEqual([]);
      mistake.make(graph);
      expect(check?.problems({ ...run(mistake.stage), graph }).join("\n")).toContain(mistake.says);
    },
  );
});
