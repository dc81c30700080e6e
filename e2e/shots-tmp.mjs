import { demo, signedIn } from "./lib/harness.mjs";
const site = await demo("shots");
const out = "/tmp/shots";
import { mkdirSync } from "node:fs";
mkdirSync(out, { recursive: true });
async function setLocale(page, base, loc) {
  await page.goto(`${base}/profile`);
  await page.selectOption("#locale", loc);
  await Promise.all([page.waitForLoadState("load"), page.click("form[action='/profile'] button[type=submit]")]);
}
for (const [loc, vp] of [["fr", { width: 1280, height: 900 }], ["en", { width: 1280, height: 900 }], ["hr", { width: 1280, height: 900 }], ["fr", { width: 390, height: 844 }]]) {
  const tag = `${loc}-${vp.width}`;
  const { page } = await signedIn(site.browser, site.base, "admin@demo.portico.test", { viewport: vp });
  await setLocale(page, site.base, loc);
  await page.goto(`${site.base}/recruit/assessments`);
  await page.screenshot({ path: `${out}/assess-${tag}.png`, fullPage: true });
  await page.goto(`${site.base}/settings/import`);
  await page.screenshot({ path: `${out}/import-${tag}.png`, fullPage: true });
  await page.setInputFiles("#file", "/tmp/export.zip");
  await Promise.all([page.waitForURL(/uploads/), page.click("form[action^='/settings/import'] button.primary")]);
  await page.screenshot({ path: `${out}/mapping-${tag}.png`, fullPage: true });
  await Promise.all([page.waitForURL(/runs/), page.click("button[value=check]")]);
  for (let i = 0; i < 30; i++) {
    await page.waitForTimeout(1000);
    await page.reload();
    if (await page.locator("text=/Would create|À créer|Bit će stvoreno/").count()) break;
  }
  await page.screenshot({ path: `${out}/run-${tag}.png`, fullPage: true });
}
await site.close();
