import { randomBytes } from "node:crypto";
import { DnsightError } from "../errors.js";
import { checkNewPassword, MAX_PASSWORD_BYTES } from "../util/password.js";
import type { CommandIO } from "./command.js";

// Where `dnsight user add` and `user passwd` get a password. Never from an argument
// (it would sit in the shell history and in `ps`). Piped or redirected stdin gives
// it, one line; a terminal or empty stdin (`< /dev/null`) gets one generated, shown
// once: typing a password on a terminal would echo it.

export interface PasswordInput {
  password: string;
  /** True when made here: the caller prints it, once. */
  generated: boolean;
}

/** 18 random bytes in base64url: 24 characters, 144 bits. */
export const generatePassword = (): string => randomBytes(18).toString("base64url");

/** Reads at most the cap and a line end; more is refused, never buffered whole. */
async function readStdin(stdin: NodeJS.ReadableStream): Promise<Buffer> {
  const limit = MAX_PASSWORD_BYTES + 2;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer);
    size += b.length;
    if (size > limit) {
      (stdin as { destroy?: () => void }).destroy?.();
      throw new DnsightError(
        "INPUT",
        `stdin: the password is longer than ${MAX_PASSWORD_BYTES} bytes`,
      );
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

export async function readPasswordInput(io: CommandIO): Promise<PasswordInput> {
  if (io.stdin.isTTY === true) return { password: generatePassword(), generated: true };
  const bytes = await readStdin(io.stdin);
  if (bytes.length === 0) return { password: generatePassword(), generated: true };
  const text = bytes.toString("utf8");
  if (text.includes("\uFFFD")) throw new DnsightError("INPUT", "stdin: the password is not UTF-8");
  // One line: its end (LF or CRLF) is not part of it; a second line is a mistake.
  const line = text.replace(/\r?\n$/, "");
  if (/[\r\n]/.test(line))
    throw new DnsightError("INPUT", "stdin: give the password on one line, nothing after it");
  checkNewPassword(line);
  return { password: line, generated: false };
}
