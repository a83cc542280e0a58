/** Starts Juntos: config, context (database + migrations + worker), HTTP. */
import { ConfigError, loadConfig } from "./config.ts";
import { createContext } from "./context.ts";
import { buildApp } from "./http/app.ts";
import { paths } from "./views/paths.ts";

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const ctx = await createContext(config);
  const app = await buildApp(ctx);
  await app.listen({ port: config.port, host: config.host });
  ctx.worker.start();
  ctx.scheduler.start();
  const where = config.database.engine === "sqlite" ? config.database.url : "PostgreSQL";
  console.log(`Juntos is running at ${config.baseUrl} (database: ${where})`);
  if (config.devMailbox) console.log(`Mail is not sent: read it at ${config.baseUrl}/dev/mail`);
  else if (ctx.devMailbox) console.log(`Mail is not sent: it is kept in ${config.devMailFile}`);
  const setupToken = await ctx.accounts.setupTokenForFreshInstall();
  if (setupToken) {
    console.log(
      `No administrator yet. Open this one-time link to create one: ${config.baseUrl}${paths.setup("en", setupToken)}`,
    );
  }

  let closing = false;
  const shutdown = async () => {
    if (closing) return;
    closing = true;
    await app.close();
    await ctx.close();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error) => {
  console.error(`Juntos could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
