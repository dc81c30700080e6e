// Browser tests of the shared services' screens, on the demo workspace: the rule builder
// with its dry-run, a report with its chart, the template editor's preview, search with
// filters, live presence and notifications between two people, and erasing a person who left.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axe, demo, signedIn as signIn } from "../lib/harness.mjs";

// The owner and the administrator of the demo both work in French.
const OWNER = "owner@demo.portico.test";
const ADMIN = "admin@demo.portico.test";
let site;

before(async () => { site = await demo("services"); });
after(async () => { await site?.close(); });

const signedIn = (email, viewport) => signIn(site.browser, site.base, email, { viewport });

/** Wait until no request of htmx is under way: a redraw that lands later would replace what
 *  was typed meanwhile (seen on a loaded machine). */
const settled = (page) => page.waitForFunction(() => !document.querySelector(".htmx-request"));

test("a rule is built row by row, tried on the records there are, and saved", async () => {
  const { ctx, page, errors } = await signedIn(OWNER);
  await page.goto(`${site.base}/settings/rules/new`);
  await page.fill("#name", "CV arrivés");
  // Each choice redraws the builder from the server, keeping what was typed.
  await page.selectOption("#kind", "file");
  await settled(page);
  await page.waitForSelector("#c0-field option[value=filename]", { state: "attached" });
  await page.selectOption("#c0-field", "filename");
  await settled(page);
  await page.waitForSelector("#c0-op option[value=contains]", { state: "attached" });
  await page.selectOption("#c0-op", "contains");
  await settled(page);
  await page.waitForSelector("#c0-value");
  await page.fill("#c0-value", "cv");
  await page.selectOption("#a0-action", "core.notify");
  await settled(page);
  await page.waitForSelector("[name='a0.message']");
  assert.equal(await page.inputValue("#c0-value"), "cv", "the value survives the redraws");
  assert.equal(await page.inputValue("#name"), "CV arrivés", "the name survives the redraws");
  await page.locator("input[name='a0.users']").first().check();
  await page.fill("[name='a0.message']", "Un CV est arrivé");
  await page.click("button[name=step][value=dry_run]");
  await page.waitForSelector("#dry-run");
  const tried = await page.textContent("#dry-run");
  assert.match(tried, /cv-camille-dupont\.txt/, "the CV matches");
  assert.doesNotMatch(tried, /procedure-ouverture/, "the procedure does not");
  assert.deepEqual(errors, [], "no error in the console (axe, run next, makes its own)");
  await page.screenshot({ path: join(site.shots, "rule-dry-run-fr.png"), fullPage: true });
  await axe(page, "the rule builder");
  await Promise.all([page.waitForURL(/\/settings\/rules\/[0-9a-f-]{36}/), page.click("button[name=step][value=save]")]);
  await page.goto(`${site.base}/settings/rules`);
  assert.match(await page.textContent("main"), /CV arrivés/);
  await ctx.close();
});

test("a report draws its chart beside the table of the same numbers, on a phone too", async () => {
  for (const [name, viewport] of [["desktop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
    const { ctx, page, errors } = await signedIn(OWNER, viewport);
    await page.goto(`${site.base}/reports`);
    await Promise.all([page.waitForURL(/\/reports\/new\?/), page.click(".grid a.card >> nth=0")]);
    await page.waitForSelector("figure.chart svg");
    const bars = await page.$$eval("figure.chart svg :is(rect, path, polyline, circle)", (els) => els.length);
    assert.ok(bars > 0, "the chart has marks");
    assert.ok((await page.$$("table tbody tr")).length > 0, "and the table its rows");
    const csv = await page.getAttribute("a[href*='format=csv']", "href");
    const got = await page.request.get(`${site.base}${csv}`);
    assert.equal(got.status(), 200);
    assert.match(got.headers()["content-type"], /text\/csv/);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(site.shots, `report-${name}-fr.png`), fullPage: true });
    await axe(page, `a report (${name})`);
    await ctx.close();
  }
});

test("a template is previewed with a sample as it is written", async () => {
  const { ctx, page, errors } = await signedIn(OWNER);
  await page.goto(`${site.base}/settings/templates`);
  await Promise.all([page.waitForURL(/\/settings\/templates\/[^/]+\/[^/]+\/fr$/), page.click("main td a[href$='/fr'] >> nth=0")]);
  // A placeholder the message does not have is refused at the field, in French.
  await page.fill("input[name=subject]", "Bonjour {{ nulle_part }} !");
  await page.click("button[name=action][value=preview]");
  await page.waitForSelector("#subject[aria-invalid=true]");
  assert.match(await page.textContent("main"), /variable qui n’existe pas/);
  errors.splice(0, errors.length, ...errors.filter((e) => !/status of 422/.test(e))); // the refusal, as meant
  // One of those listed beside the editor is filled with a sample.
  const placeholder = (await page.textContent("ul.placeholders code >> nth=0")).trim();
  await page.fill("input[name=subject]", `Bonjour ${placeholder} !`);
  await page.click("button[name=action][value=preview]");
  await page.waitForSelector(".preview");
  const preview = await page.textContent(".preview");
  assert.match(preview, /Bonjour \S[^!{]* !/, "the placeholder is filled");
  assert.doesNotMatch(preview, /\{\{/);
  assert.deepEqual(errors, []);
  await page.screenshot({ path: join(site.shots, "template-preview-fr.png"), fullPage: true });
  await axe(page, "the template editor");
  await ctx.close();
});

test("search narrows by filters and kinds", async () => {
  const { ctx, page } = await signedIn(OWNER, { width: 390, height: 844 });
  await page.goto(`${site.base}/search?q=${encodeURIComponent("type:text created:2026 cv")}`);
  const titles = await page.$$eval("table.list tbody tr td:first-child a", (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(titles, ["cv-camille-dupont.txt"]);
  await page.click("details.tips summary");
  await page.screenshot({ path: join(site.shots, "search-phone-fr.png"), fullPage: true });
  await axe(page, "search");
  await ctx.close();
});

test("two people on one contact see each other, and a rule's notification rings the bell", async () => {
  const owner = await signedIn(OWNER);
  await owner.page.goto(`${site.base}/contacts`);
  await Promise.all([owner.page.waitForURL(/\/contacts\/[0-9a-f-]{36}/), owner.page.click("table tbody tr td a >> nth=0")]);
  const contact = owner.page.url();
  const admin = await signedIn(ADMIN);
  await admin.page.goto(contact);
  await owner.page.waitForSelector(".presence:not([hidden]) .who:has-text('Amandine Roux')", { timeout: 10_000 });
  await admin.page.waitForSelector(".presence:not([hidden]) .who:has-text('Odile Fournier')", { timeout: 10_000 });
  await owner.page.screenshot({ path: join(site.shots, "presence-fr.png") });
  // The admin leaves: the owner sees it.
  await admin.ctx.close();
  await owner.page.waitForSelector(".presence", { state: "hidden", timeout: 30_000 });
  // A new file in Île-de-France: the demo's rule tells the owner, whose bell counts it live.
  const before = Number((await owner.page.textContent("[data-unread]")).trim() || 0);
  const upload = await owner.ctx.newPage();
  await upload.goto(`${site.base}/files`);
  const form = await upload.$("form[enctype='multipart/form-data']");
  assert.ok(form, "the files page has an upload form");
  await upload.setInputFiles("input[type=file]", { name: "cv-lea-martin.txt", mimeType: "text/plain", buffer: Buffer.from("Léa Martin — CV") });
  const units = await upload.$$eval("select[name=unit_id] option", (os) => os.map((o) => [o.value, o.textContent]));
  const paris = units.find(([, label]) => /Paris/.test(label));
  if (paris) await upload.selectOption("select[name=unit_id]", paris[0]);
  await Promise.all([upload.waitForLoadState(), upload.click("form[enctype='multipart/form-data'] button[type=submit]")]);
  await owner.page.waitForFunction((n) => Number(document.querySelector("[data-unread]").textContent.trim()) > n, before, { timeout: 30_000 });
  await owner.ctx.close();
});

test("a person who left is disabled, then erased after a warning", async () => {
  const { ctx, page } = await signedIn(OWNER);
  await page.goto(`${site.base}/settings/users?q=${encodeURIComponent("Luka Babić")}`);
  await Promise.all([page.waitForURL(/\/settings\/users\/[0-9a-f-]+$/), page.click("#list-users tbody a:has-text('Luka Babić')")]);
  const person = page.url();
  assert.equal(await page.locator("form[action$='/erase']").count(), 0, "an active account is not erased");
  await page.click("form[action$='/status'] button");
  await page.waitForSelector("#confirm[open]");
  await Promise.all([page.waitForURL(/notice=saved/), page.click("#confirm button[value=yes]")]);
  await page.click("form[action$='/erase'] button");
  await page.waitForSelector("#confirm[open]");
  assert.match(await page.textContent("#confirm .message"), /Effacer le nom et l’adresse/);
  await page.screenshot({ path: join(site.shots, "erase-user-fr.png") });
  await Promise.all([page.waitForURL(/notice=user-erased/), page.click("#confirm button[value=yes]")]);
  assert.equal((await page.textContent("h1")).trim(), "[erased]");
  await axe(page, "erased person");
  // Nowhere to be found any more: not in the list, not in search.
  await page.goto(`${site.base}/search?q=${encodeURIComponent("Babić")}`);
  assert.doesNotMatch(await page.textContent("main"), /Luka/);
  await page.goto(person);
  assert.equal(await page.locator("form[action$='/erase']").count(), 0, "erased once");
  await ctx.close();
});
