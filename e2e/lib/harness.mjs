// What every browser test file needs: the Portico binary, a free port, a server that is
// ready, Debian's Chromium, axe, and a place for screenshots.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, openSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import net from "node:net";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
// The same default as bin/test: a target directory outside the clone.
const targetDir = process.env.CARGO_TARGET_DIR || join(homedir(), ".cache", "portico-target");
export const bin = process.env.PORTICO_BIN || join(targetDir, "debug", "portico");
const axeSource = readFileSync(join(here, "..", "node_modules", "axe-core", "axe.min.js"), "utf8");

/** The folder for a test file's screenshots and server log. */
export function shotsDir(name = "") {
  const dir = join(here, "..", "test-results", name);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

async function waitReady(url) {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url)).ok) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("Portico did not become ready");
}

/** `portico serve` on free ports with `env`; its log goes to `logFile`. Resolves when ready. */
export async function serve(env, logFile) {
  const [port, metrics] = [await freePort(), await freePort()];
  const base = `http://127.0.0.1:${port}`;
  const log = openSync(logFile, "w");
  const server = spawn(bin, ["serve", "--listen", `127.0.0.1:${port}`, "--metrics-listen", `127.0.0.1:${metrics}`],
    { env: { ...env, PORTICO_PUBLIC_URL: base }, stdio: ["ignore", log, log] });
  await waitReady(`${base}/readyz`);
  return { server, base };
}

/** Stop a server and wait until it is gone. */
export async function stop(server) {
  if (!server) return;
  const stopped = new Promise((r) => server.once("exit", r));
  server.kill("SIGTERM");
  await stopped;
}

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
           "--disable-component-update", "--disable-sync"],
  });
}

/** axe on the page as it is: no serious or critical violation. */
export async function axe(page, name) {
  // Evaluated through DevTools, so our CSP (no inline scripts) stays on for the page itself.
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`), [], `axe on ${name}`);
}
