// Browser tests of the core: a real Portico binary, a real Chromium (Debian's), driven by playwright-core.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axe, bin, launch, serve, shotsDir, stop } from "../lib/harness.mjs";

const shots = shotsDir();
const OWNER = "owner@e2e.test";
const PASSWORD = "e2e-password-123";
let server, browser, base;

before(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "portico-e2e-"));
  const env = { ...process.env, PORTICO_DATA_DIR: dataDir, PORTICO_LOG: "warn" };
  if (process.env.PORTICO_E2E_DATABASE_URL) env.PORTICO_DATABASE_URL = process.env.PORTICO_E2E_DATABASE_URL;
  execFileSync(bin, ["admin", "create-owner", "--workspace", "E2E Franchise", "--email", OWNER, "--name", "Olga Owner", "--password", PASSWORD], { env });
  ({ server, base } = await serve(env, join(shots, "server.log")));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await stop(server);
});

async function signIn(page, email, password = PASSWORD) {
  await page.goto(`${base}/login`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await Promise.all([page.waitForURL(`${base}/`), page.click("button[type=submit].primary")]);
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

test("sign in, switch language, create a unit and a user; a unit-scoped user sees only their unit", async () => {
  const ctx = await browser.newContext({ locale: "en-GB" });
  const page = await ctx.newPage();
  await signIn(page, OWNER);
  assert.match(await page.textContent("h1"), /Overview/);
  await shot(page, "dashboard-en");
  await axe(page, "dashboard");

  // Language: French, then Croatian, then back to English, from the profile.
  for (const [lang, heading] of [["fr", "Vue d’ensemble"], ["hr", "Pregled"], ["en", "Overview"]]) {
    await page.goto(`${base}/profile`);
    await page.selectOption("#locale", lang);
    await Promise.all([page.waitForURL(/notice=profile-saved/), page.click("form.card button[type=submit]")]);
    await page.goto(`${base}/`);
    assert.equal(await page.getAttribute("html", "lang"), lang);
    assert.equal((await page.textContent("h1")).trim(), heading);
    await shot(page, `dashboard-${lang}`);
    await page.goto(`${base}/settings/units`);
    await shot(page, `units-${lang}`);
  }

  // Two units under the root.
  await page.goto(`${base}/settings/units`);
  await axe(page, "units");
  for (const name of ["Lyon", "Marseille"]) {
    await page.fill("#name", name);
    await Promise.all([page.waitForURL(/notice=unit-created/), page.click("button:has-text(\"Create unit\")")]);
    await page.waitForSelector(`tbody a:has-text("${name}")`);
  }

  // A file in Marseille.
  await page.goto(`${base}/files`);
  await page.selectOption("#unit_id", { label: "E2E Franchise › Marseille" });
  await page.setInputFiles("#file", { name: "marseille-secret.txt", mimeType: "text/plain", buffer: Buffer.from("Plan for Marseille") });
  await Promise.all([page.waitForURL(/\/files\/.+notice=file-uploaded/), page.click("button:has-text(\"Upload\")")]);
  const marseilleFile = page.url().split("?")[0];
  await axe(page, "file");

  // Invite a member of Lyon; the link is shown once.
  await page.goto(`${base}/settings/users`);
  await axe(page, "users");
  await page.fill("#email", "lea@e2e.test");
  await page.fill("#name", "Léa Martin");
  await page.selectOption("#role_id", { label: "Member" });
  await page.selectOption("#unit_id", { label: "E2E Franchise › Lyon" });
  await page.click("button:has-text(\"Send invitation\")");
  const link = (await page.textContent("#invite-link")).trim();
  assert.match(link, /\/invite\//);
  await shot(page, "users-invited");

  // The invited member accepts in another browser.
  const other = await browser.newContext({ locale: "fr-FR" });
  const lea = await other.newPage();
  await lea.goto(link);
  assert.match(await lea.textContent("h1"), /Rejoignez votre équipe/);
  await axe(lea, "invitation");
  await lea.fill("#password", "lea-password-123");
  await Promise.all([lea.waitForURL(/notice=welcome/), lea.click("button.primary")]);

  // Léa sees Lyon only: no Marseille, no root, no file of Marseille.
  await lea.goto(`${base}/settings/units`);
  const units = await lea.$$eval("tbody td a", (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(units, ["Lyon"]);
  await lea.goto(`${base}/files`);
  assert.equal(await lea.isVisible("text=marseille-secret.txt"), false);
  const resp = await lea.goto(marseilleFile);
  assert.equal(resp.status(), 404);
  const api = await lea.goto(`${base}/api/v1/units`);
  assert.deepEqual((await api.json()).items.map((u) => u.name), ["Lyon"]);
  await lea.goto(`${base}/search?q=marseille`);
  assert.equal(await lea.isVisible("text=marseille-secret.txt"), false);
  await shot(lea, "member-search-fr");

  // The owner can ask why.
  await page.goto(`${base}/settings/users`);
  await page.click("text=Léa Martin");
  await page.selectOption("#x-perm", "core.view");
  await page.selectOption("#x-unit", { label: "E2E Franchise › Marseille" });
  await page.click("button:has-text(\"Explain\")");
  assert.match(await page.textContent(".alert"), /Not allowed/);
  assert.match(await page.textContent(".alert"), /is outside E2E Franchise › Lyon/);
  await shot(page, "explain");
  await axe(page, "user");

  // The same pages on a phone.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/", "/settings/units", "/files"]) {
    await page.goto(`${base}${path}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${path} scrolls sideways on a phone by ${overflow}px`);
    await shot(page, `mobile${path.replaceAll("/", "-")}`);
    await axe(page, `${path} on a phone`);
  }

  await ctx.close();
  await other.close();
});

test("the public pages are accessible and translated", async () => {
  const ctx = await browser.newContext({ locale: "hr-HR" });
  const page = await ctx.newPage();
  await page.goto(`${base}/login`);
  assert.equal((await page.textContent("h1")).trim(), "Prijava");
  await axe(page, "login");
  await shot(page, "login-hr");
  await page.click("button[value=fr]");
  assert.equal((await page.textContent("h1")).trim(), "Connexion");
  await page.fill("#email", OWNER);
  await page.fill("#password", "wrong-password");
  await page.click("button.primary");
  assert.match(await page.textContent(".alert"), /Adresse e-mail ou mot de passe incorrect/);
  await shot(page, "login-error-fr");
  await ctx.close();
});
