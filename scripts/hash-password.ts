import { Password } from "../worker/kernel/auth/password-policy.ts";
import { DEFAULT_PASSWORD_ITERATIONS, hashPassword } from "../worker/kernel/auth/passwords.ts";

/**
 * `node scripts/hash-password.ts`: prints the stored form of a password, for an entry of the
 * ADMIN_ACCOUNTS secret. The password is read from standard input (typed without echo on a
 * terminal, or piped), never from the command line, where `ps` and shell history would keep it.
 * The cost is PASSWORD_KDF_ITERATIONS when set, else the default (the most workerd allows).
 * The same password policy as the API applies.
 *
 *   node scripts/hash-password.ts                      # prompts
 *   printf %s "$PW" | node scripts/hash-password.ts    # piped
 */
const iterations = Number(process.env.PASSWORD_KDF_ITERATIONS ?? DEFAULT_PASSWORD_ITERATIONS);
const password = process.stdin.isTTY ? await promptHidden("Password: ") : await readPiped();

const checked = await Password.safeParseAsync(password);
if (checked.success) {
  console.log(await hashPassword(checked.data, iterations));
} else {
  console.error(`Refused: the password ${checked.error.issues.map((i) => i.message).join("; ")}`);
  process.exitCode = 1;
}

async function readPiped(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline (from `echo`) is not part of the password.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

function promptHidden(prompt: string): Promise<string> {
  return new Promise((resolve) => {
    process.stderr.write(prompt);
    const stdin = process.stdin;
    stdin.setRawMode(true);
    stdin.setEncoding("utf8");
    let typed = "";
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === "\r" || ch === "\n") {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off("data", onData);
          process.stderr.write("\n");
          resolve(typed);
          return;
        }
        if (ch === "\u0003") {
          stdin.setRawMode(false);
          process.stderr.write("\n");
          process.exit(130);
        }
        if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    stdin.on("data", onData);
    stdin.resume();
  });
}
