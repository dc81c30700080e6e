// Browser tests of the public sites: an admin gives the workspace its look, and a visitor
// on a phone, in French and without JavaScript, sees the themed portal and asks for a
// sign-in link.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axe, demo, signedIn } from "../lib/harness.mjs";

const OWNER = "owner@demo.portico.test";
let site;

before(async () => { site = await demo("sites"); });
after(async () => { await site?.close(); });

test("an admin sets the sites' colours and the custom CSS is kept safe", async () => {
  const { ctx, page, errors } = await signedIn(site.browser, site.base, OWNER);
  await page.goto(`${site.base}/settings/site`);
  await Promise.all([page.waitForURL(/\/settings\/site\/[0-9a-f-]{36}$/), page.click("table a >> nth=0")]);
  await page.fill("#primary_color", "#14532d");
  await page.fill("#custom_css", "h1 { color: #14532d } a { background: url(https://evil.test/x.png) }");
  await Promise.all([page.waitForURL(/notice=saved/), page.click("form.card button.primary")]);
  assert.equal(await page.inputValue("#primary_color"), "#14532d");
  const css = await page.inputValue("#custom_css");
  assert.match(css, /\.site h1\{color:#14532d\}/);
  assert.doesNotMatch(css, /url\(/, "what could load a file is dropped");
  // A colour that is not one is refused on its field, and what was typed stays.
  await page.evaluate(() => { document.querySelector("#accent_color").type = "text"; });
  await page.fill("#accent_color", "orange");
  await page.click("form.card button.primary");
  await page.waitForSelector("#accent_color-error");
  assert.match(await page.textContent("#accent_color-error"), /#0f766e/);
  // The refused form answers 422, which the console reports; nothing else may.
  assert.deepEqual(errors.filter((e) => !e.includes("status of 422")), [], "no error in the console");
  await page.screenshot({ path: join(site.shots, "site-theme-fr.png"), fullPage: true });
  await axe(page, "the site theme editor");
  await ctx.close();
});

test("a visitor on a phone, in French and without JavaScript, sees the themed portal", async () => {
  const ctx = await site.browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
  const page = await ctx.newPage();
  let bytes = 0;
  page.on("response", async (r) => { try { bytes += (await r.body()).length; } catch { /* redirects have none */ } });
  const address = `${site.base}/p/maison-lumiere/portal/sign-in`;
  await page.goto(address);
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  assert.match(await page.textContent("h1"), /Connexion/);
  const header = await page.$eval(".site-head", (el) => getComputedStyle(el).backgroundColor);
  assert.equal(header, "rgb(20, 83, 45)", "the header wears the workspace's colour");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "nothing overflows the phone");
  await page.waitForLoadState("networkidle");
  assert.ok(bytes > 0 && bytes < 60 * 1024, `the page weighs ${bytes} bytes, under 60 KB`);
  await page.screenshot({ path: join(site.shots, "portal-sign-in-fr-phone.png"), fullPage: true });
  // axe runs as a script: in a context where scripts run.
  const checked = await site.browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
  const axePage = await checked.newPage();
  await axePage.goto(address);
  await axe(axePage, "the portal's sign-in page");
  await checked.close();

  // The language switch is a plain link.
  await Promise.all([page.waitForURL(address), page.click("a[lang=hr]")]);
  assert.match(await page.textContent("h1"), /Prijava/);
  await Promise.all([page.waitForURL(address), page.click("a[lang=fr]")]);

  // Asking for a link is a plain form (the spam check wants a moment between showing and sending).
  await page.fill("#email", "sophie.marchand@exemple.fr");
  await page.waitForTimeout(2100);
  await Promise.all([page.waitForURL(/sent=true/), page.click("form[action$='/sign-in/link'] button")]);
  assert.match(await page.textContent("[role=status]"), /lien de connexion/);
  await page.screenshot({ path: join(site.shots, "portal-link-sent-fr-phone.png"), fullPage: true });
  await ctx.close();
});
