/**
 * The GitHub Actions workflows, checked before GitHub sees them: each file against the
 * Actions workflow schema (action-validator's WebAssembly build, no network), and every
 * `npm run X`, `npm test` and `npx X` a step runs against this repository's scripts and
 * dependencies, so a renamed script cannot silently break CI, previews or deploys.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { validateWorkflow } from "@action-validator/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = join(import.meta.dirname, "../..");
const folder = join(root, ".github/workflows");
const files = readdirSync(folder).filter((name) => /\.ya?ml$/.test(name));
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const scripts = new Set(Object.keys(manifest.scripts));
const packages = new Set(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies }));

interface Step {
  run?: string;
  env?: Record<string, string>;
}
interface Workflow {
  jobs: Record<string, { steps?: Step[] }>;
}

/** The shell commands of every step of a workflow. */
const commands = (workflow: Workflow) =>
  Object.values(workflow.jobs).flatMap(({ steps = [] }) => steps.flatMap((s) => s.run ?? []));

/** What a command asks npm for that must exist here: scripts and packages' binaries. */
function npmUses(command: string): { scripts: string[]; packages: string[] } {
  const lifecycle = [...command.matchAll(/\bnpm (test|start)\b/g)].map((m) => m[1] as string);
  const run = [...command.matchAll(/\bnpm run(?:-script)? ([\w:.-]+)/g)].map((m) => m[1] as string);
  const npx = [...command.matchAll(/\bnpx (?:--no-install )?([@\w/.-]+)/g)].map(
    (m) => m[1] as string,
  );
  return { scripts: [...lifecycle, ...run], packages: npx };
}

type ValidationError = ReturnType<typeof validateWorkflow>["errors"][number];

/** Every error, those of `oneOf` alternatives included (they say which key was wrong). */
const messages = (error: ValidationError): string[] => [
  "path" in error ? `${error.path}: ${error.detail ?? error.title}` : error.detail,
  ...("states" in error ? (error.states ?? []) : []).flatMap((state) =>
    state.errors.flatMap(messages),
  ),
];
const schemaErrors = (source: string) => validateWorkflow(source).errors.flatMap(messages);

/** The deploy-time settings `infra/` reads (`process.env.SHARESPACE_…`). */
const infraSettings = [
  ...new Set(
    readdirSync(join(root, "infra"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts"))
      .flatMap((file) =>
        [
          ...readFileSync(join(root, "infra", file), "utf8").matchAll(
            /process\.env\.(SHARESPACE_\w+)/g,
          ),
        ].map((m) => m[1] as string),
      ),
  ),
];
/** The settings a step that deploys (`sst deploy`) does not pass from a variable or secret. */
const unpassed = (workflow: Workflow) =>
  Object.values(workflow.jobs)
    .flatMap(({ steps = [] }) => steps)
    .filter((step) => /\bsst deploy\b/.test(step.run ?? ""))
    .flatMap((step) =>
      infraSettings.filter(
        (name) =>
          !new RegExp(`^\\$\\{\\{ (vars|secrets)\\.${name} \\}\\}$`).test(step.env?.[name] ?? ""),
      ),
    );

describe("workflow files", () => {
  it("are all found", () => {
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "deploy.yml", "preview.yml"]));
  });

  it.each(files)("%s follows the GitHub Actions workflow schema", (name) => {
    expect(schemaErrors(readFileSync(join(folder, name), "utf8"))).toEqual([]);
  });

  it.each(files)("%s calls only npm scripts and packages this repository has", (name) => {
    const workflow = parse(readFileSync(join(folder, name), "utf8")) as Workflow;
    const uses = commands(workflow).map(npmUses);
    expect(uses.flatMap((u) => u.scripts).filter((script) => !scripts.has(script))).toEqual([]);
    expect(uses.flatMap((u) => u.packages).filter((pkg) => !packages.has(pkg))).toEqual([]);
  });

  it.each(["deploy.yml", "preview.yml"])(
    "%s passes every deploy-time setting infra reads to sst deploy",
    (name) => {
      const workflow = parse(readFileSync(join(folder, name), "utf8")) as Workflow;
      expect(infraSettings).toEqual(
        expect.arrayContaining(["SHARESPACE_EMAIL_SENDER", "SHARESPACE_ALARM_EMAIL"]),
      );
      expect(commands(workflow).some((command) => /\bsst deploy\b/.test(command))).toBe(true);
      expect(unpassed(workflow)).toEqual([]);
    },
  );
});

describe("the checks catch", () => {
  const preview = readFileSync(join(folder, "preview.yml"), "utf8");

  it("a misspelt key", () => {
    const broken = preview.replace("runs-on:", "run-on:");
    expect(schemaErrors(broken).join("\n")).toContain("run-on");
  });

  it("a trigger GitHub does not have", () => {
    const broken = preview.replace("pull_request:", "pull-request:");
    expect(schemaErrors(broken)).not.toEqual([]);
  });

  it("a deploy that does not pass a setting infra reads", () => {
    const broken = preview.replace(/^ *SHARESPACE_EMAIL_SENDER:.*\n/m, "");
    expect(broken).not.toBe(preview);
    expect(unpassed(parse(broken) as Workflow)).toEqual(["SHARESPACE_EMAIL_SENDER"]);
  });

  it("a script or package that does not exist", () => {
    const uses = npmUses("npm ci && npm run test:nothing && npm test && npx not-a-package deploy");
    expect(uses).toEqual({ scripts: ["test", "test:nothing"], packages: ["not-a-package"] });
    expect(uses.scripts.filter((script) => !scripts.has(script))).toEqual(["test:nothing"]);
  });
});
