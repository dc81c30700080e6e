// Browser tests of Desk on the demo workspace: an agent opens the inbox, takes a ticket from
// its views, answers it from the keyboard (R writes the reply, M picks a macro), and sees it in the
// conversation; on a phone the views scroll above the list.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axe, demo, signedIn as signIn } from "../lib/harness.mjs";

const ADMIN = "admin@demo.portico.test";
let site;

before(async () => { site = await demo("desk"); });
after(async () => { await site?.close(); });

test("an agent answers a ticket from the inbox with the keyboard", async () => {
  const { ctx, page, errors } = await signIn(site.browser, site.base, ADMIN);
  await page.goto(`${site.base}/desk?view=unassigned`);
  await axe(page, "the inbox");
  const row = page.locator("table a[href^='/desk/tickets/']").first();
  const subject = await row.textContent();
  await row.click();
  await page.waitForSelector("#reply-body");
  await axe(page, "a ticket");
  await page.locator("h1").click();
  await page.keyboard.press("r");
  assert.equal(await page.evaluate(() => document.activeElement.id), "reply-body", "R puts the focus in the reply");
  await page.locator("h1").click();
  await page.keyboard.press("m");
  assert.equal(await page.evaluate(() => document.activeElement.id), "reply-macro", "M goes to the macros");
  await page.click("button[formaction*='/macro?']");
  await page.waitForFunction(() => document.querySelector("#reply-body")?.value.length > 0);
  assert.match(await page.inputValue("#reply-body"), /Bonjour Julien Petit,[\s\S]*demande n° 4/, "the macro in the requester's words");
  await page.fill("#reply-body", "");
  await page.locator("#reply-body").focus();
  await page.keyboard.type("Bonjour, c'est noté : nous changeons l'adresse de livraison.");
  await page.selectOption("#reply-status", "pending");
  await Promise.all([page.waitForURL(/notice=desk-reply-sent/), page.click("#reply-send")]);
  assert.match(await page.textContent(".timeline"), /nous changeons l'adresse de livraison/);
  assert.equal(await page.inputValue("#p-status"), "pending", "left waiting on the customer");
  await page.screenshot({ path: join(site.shots, "ticket-answered.png"), fullPage: true });
  await page.goto(`${site.base}/desk?view=pending`);
  assert.match(await page.textContent("table"), new RegExp(subject.trim().slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("an agent attaches a file to a note and it shows in the conversation", async () => {
  const { ctx, page, errors } = await signIn(site.browser, site.base, ADMIN);
  await page.goto(`${site.base}/desk?view=all`);
  await page.locator("table a[href^='/desk/tickets/']").first().click();
  await page.waitForSelector("#reply-body");
  await page.check("input[name=public][value='0']");
  await page.fill("#reply-body", "Photo du colis reçue.");
  await page.setInputFiles("#reply-files", { name: "colis.txt", mimeType: "text/plain", buffer: Buffer.from("carton déchiré") });
  await Promise.all([page.waitForURL(/notice=desk-note-added/), page.click("#reply-send")]);
  const link = page.locator(".timeline .files a", { hasText: "colis.txt" });
  await link.waitFor();
  const body = await page.evaluate(async (href) => (await fetch(href)).text(), await link.getAttribute("href"));
  assert.equal(body, "carton déchiré", "the file as it was sent");
  await page.screenshot({ path: join(site.shots, "ticket-file.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await ctx.close();
});

test("two agents on one ticket see each other, and who is typing", async () => {
  const a = await signIn(site.browser, site.base, ADMIN);
  const b = await signIn(site.browser, site.base, "owner@demo.portico.test");
  await a.page.goto(`${site.base}/desk?view=all`);
  const href = await a.page.locator("table a[href^='/desk/tickets/']").first().getAttribute("href");
  await a.page.goto(`${site.base}${href}`);
  await b.page.goto(`${site.base}${href}`);
  await a.page.waitForSelector(".presence:not([hidden]) .who");
  assert.match(await a.page.textContent(".presence"), /Odile Fournier/, "the admin sees the owner");
  await b.page.waitForSelector(".presence:not([hidden]) .who");
  assert.match(await b.page.textContent(".presence"), /Amandine Roux/, "and the owner the admin");
  await b.page.locator("#reply-body").pressSequentially("Je m'en occupe");
  await a.page.waitForSelector(".presence .who.typing");
  assert.match(await a.page.textContent(".presence .who.typing"), /Odile Fournier écrit/);
  await a.page.screenshot({ path: join(site.shots, "ticket-typing.png") });
  await a.page.waitForSelector(".presence .who.typing", { state: "detached", timeout: 15000 });
  assert.match(await a.page.textContent(".presence"), /Odile Fournier/, "still here once the typing stops");
  assert.deepEqual([...a.errors, ...b.errors], []);
  await a.ctx.close();
  await b.ctx.close();
});

test("on a phone the views scroll above the tickets", async () => {
  const { ctx, page } = await signIn(site.browser, site.base, ADMIN, { viewport: { width: 390, height: 844 } });
  await page.goto(`${site.base}/desk`);
  const views = await page.locator(".views").boundingBox();
  const list = await page.locator("table").boundingBox();
  assert.ok(views.height < 80, `the views take one row: ${views.height}px`);
  assert.ok(views.y < list.y, "above the list");
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `nothing wider than the phone: ${wide}px`);
  await page.screenshot({ path: join(site.shots, "inbox-phone.png"), fullPage: true });
  await axe(page, "the inbox on a phone");
  await ctx.close();
});
