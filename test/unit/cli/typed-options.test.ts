// Issue 11: `ingest` read values["data-dir"] without declaring --data-dir, so the
// option could never be given and the code read undefined. Command options are now
// typed by their declaration: such a read is a compile error. This test compiles
// probes against the real src/cli/command.ts with the project's own settings.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const PROBE = `${ROOT}src/cli/__typed-options-probe.ts`;

let previous: ts.Program | undefined; // reused: only the probe changes between runs

/** The compiler's errors for a module placed in src/cli whose text is `source`. */
function diagnostics(source: string): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    `${ROOT}tsconfig.json`,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)),
    },
  );
  assert.ok(config);
  const host = ts.createCompilerHost(config.options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) =>
    name === PROBE ? ts.createSourceFile(name, source, lang) : read(name, lang, ...rest);
  host.fileExists = (
    (exists) => (name: string) =>
      name === PROBE || exists(name)
  )(host.fileExists.bind(host));
  const program = ts.createProgram([PROBE], { ...config.options, noEmit: true }, host, previous);
  previous = program;
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName === PROBE)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

const command = (body: string): string => `
import { defineCommand } from "./command.js";
export const probe = defineCommand({
  name: "dnsight probe",
  description: "a probe",
  options: {
    "data-dir": { type: "string", value: "DIR", description: "a folder" },
    server: { type: "string", multiple: true, description: "servers" },
    json: { type: "boolean", description: "JSON" },
  },
  run: async ({ values }) => {
    ${body}
  },
});
`;

describe("typed command options", () => {
  it("a declared option reads with the type its declaration gives", () => {
    assert.deepEqual(
      diagnostics(
        command(`
    const dir: string | undefined = values["data-dir"];
    const servers: string[] | undefined = values.server;
    const json: boolean | undefined = values.json;
    const db: string | undefined = values.db; // a global option
    void [dir, servers, json, db];`),
      ),
      [],
    );
  });

  it("reading an option the command never declared does not compile", () => {
    const errors = diagnostics(command(`void values["ns-port"];`));
    assert.equal(errors.length, 1, errors.join("\n"));
    assert.match(errors[0]!, /Property 'ns-port' does not exist/);
  });

  it("a repeatable option is not a string, a flag is not a string", () => {
    const errors = diagnostics(
      command(`const a: string | undefined = values.server;
    const b: string | undefined = values.json;
    void [a, b];`),
    );
    assert.equal(errors.length, 2, errors.join("\n"));
  });
});
