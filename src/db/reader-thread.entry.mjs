// The reader thread starts here: it loads the TypeScript sources through tsx, as `npm start` does.
import { register } from "tsx/esm/api";

register();
await import("./reader-thread.ts");
