// What every browser test file needs: the Portico binary, a free port, a server that is
// ready, Debian's Chromium, axe, and a place for screenshots.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, openSync, readFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
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

/**
 * The demo workspace served from a data directory (and, when PORTICO_E2E_DATABASE_URL is
 * set, a PostgreSQL database) of its own, with a browser. `name` names both and the folder
 * of screenshots. Returns { base, browser, shots, close }.
 */
export async function demo(name) {
  const shots = shotsDir(name);
  const dataDir = mkdtempSync(join(tmpdir(), `portico-e2e-${name}-`));
  const env = { ...process.env, PORTICO_DATA_DIR: dataDir, PORTICO_LOG: "warn" };
  let pgDatabase;
  if (process.env.PORTICO_E2E_DATABASE_URL) {
    pgDatabase = `portico_e2e_${name}_${process.pid}`;
    execFileSync("psql", [process.env.PORTICO_E2E_DATABASE_URL, "-qc", `CREATE DATABASE ${pgDatabase}`]);
    env.PORTICO_DATABASE_URL = process.env.PORTICO_E2E_DATABASE_URL.replace(/\/[^/]*$/, `/${pgDatabase}`);
  }
  execFileSync(bin, ["demo"], { env });
  const { server, base } = await serve(env, join(shots, "server.log"));
  const browser = await launch();
  const close = async () => {
    await browser.close();
    await stop(server);
    if (pgDatabase) execFileSync("psql", [process.env.PORTICO_E2E_DATABASE_URL, "-qc", `DROP DATABASE IF EXISTS ${pgDatabase} WITH (FORCE)`]);
  };
  return { base, browser, shots, close };
}

/** A new browser context signed in as `email` (a demo account), with the console's errors. */
export async function signedIn(browser, base, email, { locale = "fr-FR", viewport = { width: 1280, height: 900 } } = {}) {
  const ctx = await browser.newContext({ locale, viewport });
  const page = await ctx.newPage();
  const errors = [];
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  await page.goto(`${base}/login`);
  await page.fill("#email", email);
  await page.fill("#password", DEMO_PASSWORD);
  await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit].primary")]);
  return { ctx, page, errors };
}

export const DEMO_PASSWORD = "portico-demo-2026";
