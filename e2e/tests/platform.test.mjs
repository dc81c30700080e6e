// Browser tests of the building blocks every module reuses, on the demo workspace: lists
// (sort, filter, bulk actions), forms that show their errors at the field, the command
// palette, confirmations; and screenshots of the main pages in each language, on a desktop
// and on a phone, each checked with axe.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axe, demo, signedIn as signIn } from "../lib/harness.mjs";

// The demo's owner works in French.
const OWNER = "owner@demo.portico.test";
let site, browser, base, shots;

before(async () => {
  site = await demo("platform");
  ({ browser, base, shots } = site);
});
after(async () => { await site?.close(); });

const signedIn = (locale = "fr-FR") => signIn(browser, base, OWNER, { locale });

const names = async (page) => page.$$eval("#list-users tbody tr td:nth-child(2)", (tds) => tds.map((td) => td.textContent.trim()));

test("a list sorts by its columns and filters with chips", async () => {
  const { ctx, page, errors } = await signedIn();
  await page.goto(`${base}/settings/users`);
  await Promise.all([page.waitForURL(/sort=name&order=asc/), page.click("#list-users th a:has-text(\"Nom\")")]);
  assert.equal(await page.getAttribute("#list-users th[aria-sort=ascending]", "aria-sort"), "ascending");
  const up = await names(page);
  assert.deepEqual(up, [...up].sort((a, b) => a.localeCompare(b, "fr", { sensitivity: "base" })), "sorted by name, A to Z");
  await Promise.all([page.waitForURL(/order=desc/), page.click("#list-users th a:has-text(\"Nom\")")]);
  assert.deepEqual(await names(page), [...up].reverse(), "and Z to A");

  // A filter applies as soon as it is chosen, shows as a chip, and the chip removes it.
  await Promise.all([page.waitForURL(/status=disabled/), page.selectOption("#users-status", "disabled")]);
  assert.match(await page.textContent("#list-users .chip"), /Statut : Désactivé/);
  assert.match(await page.textContent("#list-users .empty"), /Personne ne correspond/);
  await Promise.all([page.waitForURL((u) => !u.search.includes("status=")), page.click("#list-users .chip a")]);
  assert.ok((await names(page)).length >= 8, "every person again");
  assert.match(page.url(), /sort=name&order=desc/, "the order survives the filter");

  // Searching narrows the list too.
  await page.fill("#users-q", "lyon");
  await Promise.all([page.waitForURL(/q=lyon/), page.click("#list-users .list-filters button[type=submit]")]);
  assert.deepEqual(await names(page), ["Julien Garnier"]);
  assert.deepEqual(errors, [], "no console errors (CSP included)");
  await ctx.close();
});

test("a refused form shows the error at its field, in French, keeping what was typed", async () => {
  const { ctx, page } = await signedIn();
  await page.goto(`${base}/settings/users`);
  await page.fill("#email", "pas-une-adresse");
  await page.fill("#name", "Camille Petit");
  await page.click("button:has-text(\"Envoyer l’invitation\")");
  await page.waitForSelector("#email-error");
  assert.equal(await page.getAttribute("#email", "aria-invalid"), "true");
  assert.equal(await page.textContent("#email-error"), "Adresse e-mail : Cette adresse e-mail n’est pas valide.");
  assert.equal(await page.inputValue("#email"), "pas-une-adresse", "the input is kept");
  assert.equal(await page.inputValue("#name"), "Camille Petit");
  assert.equal(await page.evaluate(() => document.activeElement.id), "email", "the wrong field has the focus");
  assert.equal(await page.isVisible("#toast .toast.error"), false, "no toast for an error");
  await page.screenshot({ path: join(shots, "form-error-fr.png"), fullPage: true });
  await axe(page, "a form with an error");
  await ctx.close();
});

test("the command palette finds a person and a unit, and goes to them", async () => {
  const { ctx, page } = await signedIn();
  await page.keyboard.press("Control+K");
  await page.waitForSelector("#palette[open]");
  await page.keyboard.type("julien");
  await page.waitForSelector("#palette-results [role=option]:has-text(\"Julien Garnier\")");
  assert.match(await page.textContent("#palette-results"), /Personne/, "grouped under its kind");
  await page.fill("#palette-q", "");
  await page.keyboard.type("lyon part");
  const unit = "#palette-results [role=option]:has-text(\"Lyon Part-Dieu\")";
  await page.waitForSelector(unit);
  assert.match(await page.textContent("#palette-results"), /Unité/);
  await page.screenshot({ path: join(shots, "palette-fr.png") });
  await axe(page, "the palette");
  // Down to the unit, Enter to open it.
  const options = await page.$$eval("#palette-results [role=option]", (os) => os.map((o) => o.textContent.trim()));
  for (let i = 0; i < options.findIndex((o) => o.includes("Lyon Part-Dieu")); i++) await page.keyboard.press("ArrowDown");
  await Promise.all([page.waitForURL(/\/settings\/units\/[0-9a-f-]{36}/), page.keyboard.press("Enter")]);
  assert.match(await page.textContent("h1"), /Lyon Part-Dieu/);

  // "Go to" commands: the name of a page is enough.
  await page.keyboard.press("Control+K");
  await page.fill("#palette-q", "journal");
  await page.waitForSelector("#palette-results [role=option][href=\"/settings/audit\"]");
  await ctx.close();
});

test("a destructive action asks first, and cancelling changes nothing", async () => {
  const { ctx, page } = await signedIn();
  await page.goto(`${base}/settings/users?q=petra`);
  await page.check("#list-users tbody input[name=id]");
  assert.match(await page.textContent("#bulk-users .count"), /1 sélectionné/);
  await page.click("#bulk-users button[value=disable]");
  await page.waitForSelector("#confirm[open]");
  assert.match(await page.textContent("#confirm .message"), /Désactiver les personnes sélectionnées/);
  await page.screenshot({ path: join(shots, "confirm-fr.png") });
  await page.click("#confirm button[value=no]");
  await page.goto(`${base}/settings/users?q=petra`);
  assert.match(await page.textContent("#list-users tbody .badge"), /Actif/, "still active");

  await page.check("#list-users tbody input[name=id]");
  await page.click("#bulk-users button[value=disable]");
  await page.waitForSelector("#confirm[open]");
  await Promise.all([page.waitForURL(/notice=saved/), page.click("#confirm button[value=yes]")]);
  await page.goto(`${base}/settings/users?q=petra`);
  assert.match(await page.textContent("#list-users tbody .badge"), /Désactivé/);
  await ctx.close();
});

const PAGES = ["/", "/contacts", "/files", "/tasks", "/settings", "/settings/units", "/settings/users", "/settings/roles", "/settings/fields",
  "/settings/webhooks", "/settings/email", "/settings/audit", "/settings/data", "/settings/tokens", "/search?q=lyon", "/profile"];

test("the main pages in English, French and Croatian, on a desktop and a phone", async () => {
  const { ctx, page, errors } = await signedIn();
  for (const lang of ["fr", "hr", "en"]) {
    await page.goto(`${base}/profile`);
    await page.selectOption("#locale", lang);
    await Promise.all([page.waitForURL(/notice=profile-saved/), page.click("form.card button[type=submit]")]);
    for (const [device, width, height] of [["desktop", 1280, 900], ["phone", 390, 844]]) {
      await page.setViewportSize({ width, height });
      for (const path of PAGES) {
        const resp = await page.goto(`${base}${path}`);
        assert.equal(resp.status(), 200, `${path} in ${lang}`);
        assert.equal(await page.getAttribute("html", "lang"), lang);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 1, `${path} (${lang}) scrolls sideways on a ${device} by ${overflow}px`);
        const name = (path === "/" ? "home" : path.slice(1).replaceAll(/[/?=]/g, "-"));
        await page.screenshot({ path: join(shots, `${name}-${lang}-${device}.png`), fullPage: true });
        if (lang === "fr") await axe(page, `${path} on a ${device}`);
      }
    }
  }
  assert.deepEqual(errors, [], "no console errors (CSP included)");
  await ctx.close();
});
