// Browser tests of Recruit: a candidate applies on the career site from a phone with a PDF
// CV, and a recruiter moves them through every stage of the job's board with the keyboard
// alone, until they are hired.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
import { axe, demo, signedIn } from "../lib/harness.mjs";

const ADMIN = "admin@demo.portico.test";
let site;

before(async () => { site = await demo("recruit"); });
after(async () => { await site?.close(); });

/** A one-page PDF saying `lines`, as a word processor would write it. */
function pdf(lines) {
  const text = lines.map((l) => `(${l}) Tj T* `).join("");
  const stream = `BT /F1 11 Tf 14 TL 56 780 Td ${text}ET`;
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  let out = "%PDF-1.4\n";
  const offsets = objects.map((o, i) => { const at = out.length; out += `${i + 1} 0 obj\n${o}\nendobj\n`; return at; });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  return out + `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
}

test("a candidate applies from a phone with a PDF CV, and the recruiter moves them to hired with the keyboard", async () => {
  // The candidate, on a phone, in French.
  const phone = await site.browser.newContext({ locale: "fr-FR", viewport: { width: 390, height: 844 } });
  const page = await phone.newPage();
  await page.goto(`${site.base}/p/maison-lumiere/careers/`);
  assert.equal(await page.getAttribute("html", "lang"), "fr");
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "nothing overflows the phone");
  await axe(page, "the career site's job list");
  await page.fill("#q", "agence");
  await Promise.all([page.waitForURL(/q=agence/), page.click(".filter-go button")]);
  await Promise.all([page.waitForURL(/\/jobs\/[0-9a-f-]{36}$/), page.click("ul.jobs a >> text=Responsable d’agence")]);
  const ld = JSON.parse(await page.textContent("script[type='application/ld+json']"));
  assert.equal(ld["@type"], "JobPosting");
  await page.screenshot({ path: join(site.shots, "careers-job-fr-phone.png"), fullPage: true });
  await Promise.all([page.waitForURL(/\/apply/), page.click("a.btn >> nth=0")]);
  const cv = join(site.shots, "CV Chloé Garnier.pdf");
  writeFileSync(cv, pdf(["Chloe Garnier", "chloe.garnier@exemple.fr", "Directrice de magasin, Lumina, 2018-2025"]));
  await page.fill("#name", "Chloé Garnier");
  await page.fill("#email", "chloe.garnier@exemple.fr");
  await page.setInputFiles("#cv", cv);
  await axe(page, "the apply form");
  // The spam trap refuses a form sent faster than a person fills it.
  await page.waitForTimeout(2200);
  await page.click("button[type=submit]");
  await page.waitForSelector("#consent-error");
  assert.match(await page.textContent("#consent-error"), /Consentement/);
  assert.equal(await page.inputValue("#name"), "Chloé Garnier", "what was typed stays");
  await page.setInputFiles("#cv", cv);
  await page.check("input[name=consent]");
  await page.waitForTimeout(2200);
  await Promise.all([page.waitForURL(/\/applied$/), page.click("button[type=submit]")]);
  assert.match(await page.textContent("h1"), /Merci/);
  await page.screenshot({ path: join(site.shots, "careers-applied-fr-phone.png"), fullPage: true });
  await phone.close();

  // The recruiter opens the job's board and moves her, stage after stage, with the arrow key.
  const { ctx, page: board, errors } = await signedIn(site.browser, site.base, ADMIN);
  await board.goto(`${site.base}/recruit?q=agence`);
  await Promise.all([board.waitForURL(/\/recruit\/jobs\/[0-9a-f-]{36}$/), board.click("a >> text=Responsable d’agence")]);
  const card = board.locator(".kcard", { hasText: "Chloé Garnier" });
  assert.equal(await card.locator("xpath=ancestor::section").getAttribute("data-stage") !== null, true);
  // Tab to her card, the keyboard alone: skip to the content, then on to the board.
  await board.keyboard.press("Tab");
  assert.ok(await board.evaluate(() => document.activeElement.classList.contains("skip")), "the first Tab reaches 'skip to content'");
  await board.keyboard.press("Enter");
  for (let i = 0; i < 80 && !(await board.evaluate(() => document.activeElement?.textContent?.includes("Chloé Garnier") && document.activeElement.classList.contains("kcard"))); i++) {
    await board.keyboard.press("Tab");
  }
  const columns = await board.$$eval("[data-stage] h2 span:first-child", (hs) => hs.map((h) => h.textContent));
  for (let i = 1; i < columns.length; i++) {
    const moved = board.waitForResponse((r) => r.url().endsWith("/move") && r.request().method() === "POST");
    await board.keyboard.press("ArrowRight");
    assert.ok((await moved).status() < 400, "the move is saved");
    await board.waitForFunction((name) => document.activeElement?.closest("[data-stage]")?.querySelector("h2 span")?.textContent === name, columns[i]);
  }
  await board.screenshot({ path: join(site.shots, "recruit-board-fr.png"), fullPage: true });
  await axe(board, "a job's board");
  // The server kept every move: after a reload she stands hired in the last column.
  await board.reload();
  const last = board.locator("[data-stage]").last();
  await last.locator(".kcard", { hasText: "Chloé Garnier" }).waitFor();
  assert.match(await last.locator(".kcard", { hasText: "Chloé Garnier" }).textContent(), /Recruté/);
  await Promise.all([board.waitForURL(/\/recruit\/applications\//), last.locator(".kcard a", { hasText: "Chloé Garnier" }).click()]);
  assert.match(await board.textContent(".timeline"), /Déplacé de/);
  // Her CV is read in the background (the sandbox): the page shows its text once it is.
  for (let i = 0; i < 60 && !(await board.$(".cv-text")); i++) {
    await board.waitForTimeout(500);
    await board.reload();
  }
  assert.match(await board.textContent(".cv-text"), /Lumina/, "her CV is read and shown");
  // k goes to the candidate before her on the board, j comes back.
  const here = board.url();
  await Promise.all([board.waitForURL((u) => u.toString() !== here), board.keyboard.press("k")]);
  await Promise.all([board.waitForURL(here), board.keyboard.press("j")]);
  await board.screenshot({ path: join(site.shots, "recruit-application-fr.png"), fullPage: true });
  await axe(board, "an application's page");
  assert.deepEqual(errors, [], "no error in the console");
  await ctx.close();
});
