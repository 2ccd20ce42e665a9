// Finds the node_modules directory that holds the reference server's packages:
// $PERFANCHOR_NODE_MODULES, else the project's pinned test install
// (test/node_modules: @modelcontextprotocol/sdk, zod, better-sqlite3).
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));

export function modulesDir(needed = ["@modelcontextprotocol/sdk", "zod", "better-sqlite3"]) {
  const candidates = [
    process.env.PERFANCHOR_NODE_MODULES,
    path.join(HERE, "..", "..", "test", "node_modules"),
  ].filter(Boolean);
  for (const dir of candidates) {
    if (needed.every((p) => fs.existsSync(path.join(dir, p, "package.json")))) return dir;
  }
  throw new Error(
    `Cannot find ${needed.join(", ")} in test/node_modules (npm ci in test/, see README) ` +
      "or set PERFANCHOR_NODE_MODULES to a node_modules directory that has them."
  );
}

// A require() that resolves from the chosen node_modules (CommonJS builds).
export function modulesRequire(needed) {
  return createRequire(path.join(modulesDir(needed), "_perfanchor.js"));
}
