/**
 * Operator commands: `npm run juntos -- <command>`.
 *   create-admin <email> [name]   make a platform administrator and print a one-time link to set the password
 *   migrate                       bring the database schema up to date
 */
import { ConfigError, loadConfig } from "./config.ts";
import { createContext } from "./context.ts";
import { paths } from "./views/paths.ts";

const usage = "Usage: npm run juntos -- create-admin <email> [name] | migrate";

async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  if (command !== "create-admin" && command !== "migrate") {
    console.error(usage);
    return 2;
  }
  const config = loadConfig();
  const ctx = await createContext(config);
  try {
    if (command === "migrate") {
      console.log("The database schema is up to date.");
      return 0;
    }
    const [email, ...nameParts] = rest;
    if (!email || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
      console.error(`create-admin needs an email address. ${usage}`);
      return 2;
    }
    const token = await ctx.accounts.createAdmin(email, nameParts.join(" ") || email);
    console.log(`${email} is a platform administrator. Open this one-time link to set the password:`);
    console.log(`${config.baseUrl}${paths.resetPassword("en", token)}`);
    return 0;
  } finally {
    await ctx.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(
      error instanceof ConfigError
        ? error.message
        : `juntos: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exit(1);
  },
);
