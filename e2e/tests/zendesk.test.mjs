// The real node-zendesk client from npm, pointed at Portico's /api/v2 with an API token an
// admin made in Settings: it must work by changing only its base URL.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demo, signedIn } from "../lib/harness.mjs";

const require = createRequire(import.meta.url);
const zendesk = require("node-zendesk");
const ADMIN = "admin@demo.portico.test";
let site;
let client;
let auth;

before(async () => {
  site = await demo("zendesk");
  const { ctx, page } = await signedIn(site.browser, site.base, ADMIN);
  await page.goto(`${site.base}/settings/tokens`);
  await page.fill("input[name=name]", "node-zendesk");
  await Promise.all([page.waitForSelector("#new-token"), page.click("form[action='/settings/tokens'] button.primary")]);
  const token = (await page.textContent("#new-token")).trim();
  await ctx.close();
  client = zendesk.createClient({ username: ADMIN, token, endpointUri: `${site.base}/api/v2`, throwOriginalException: true });
  auth = `Basic ${Buffer.from(`${ADMIN}/token:${token}`).toString("base64")}`;
});
after(async () => { await site?.close(); });

/** A request beside the client, to look at what it does not show. */
async function raw(path, init = {}) {
  const r = await fetch(`${site.base}/api/v2${path}`, { ...init, headers: { authorization: auth, "content-type": "application/json", ...init.headers } });
  return { status: r.status, body: r.status === 204 ? null : await r.json() };
}

test("users.me names the token's owner, an admin", async () => {
  const { result: me } = await client.users.auth();
  assert.equal(me.email, ADMIN);
  assert.equal(me.role, "admin");
  assert.equal(typeof me.id, "number");
  const again = await raw(`/users/${me.id}.json`);
  assert.equal(again.body.user.email, ADMIN, "the same id names the same person");
});

test("a wrong token or no token is refused as Zendesk refuses it", async () => {
  const bad = await fetch(`${site.base}/api/v2/users/me.json`, { headers: { authorization: `Basic ${Buffer.from(`${ADMIN}/token:nope`).toString("base64")}` } });
  assert.equal(bad.status, 401);
  assert.deepEqual(await bad.json(), { error: "Couldn't authenticate you" });
  const none = await fetch(`${site.base}/api/v2/tickets.json`);
  assert.equal(none.status, 401);
  const missing = await raw("/tickets/999999.json");
  assert.equal(missing.status, 404);
  assert.equal(missing.body.error, "RecordNotFound");
});

test("end users are created, shown and deleted", async () => {
  const { result: made } = await client.users.create({ user: { name: "Nora Vidal", email: "nora.vidal@example.com", locale: "fr" } });
  assert.equal(made.role, "end-user");
  assert.equal(made.locale, "fr");
  const { result: shown } = await client.users.show(made.id);
  assert.equal(shown.name, "Nora Vidal");
  const all = await client.users.list();
  assert.ok(all.some((u) => u.id === made.id), "listed with the others");
  assert.ok(all.some((u) => u.role === "admin"), "the team comes first");
  await client.users.delete(made.id);
  await assert.rejects(client.users.show(made.id), (e) => e.statusCode === 404);
  await assert.rejects(client.users.create({ user: { name: "No mail", email: "not-an-address" } }), (e) => {
    assert.equal(e.statusCode, 422);
    assert.equal(e.result.error, "RecordInvalid");
    assert.ok(e.result.details.email, `the field is named: ${JSON.stringify(e.result)}`);
    return true;
  });
});

test("tickets are created, listed, shown, updated with comments and deleted", async () => {
  const { result: t } = await client.tickets.create({ ticket: {
    subject: "Imprimante en feu", comment: { body: "La fumée est très colorée." }, priority: "urgent", type: "incident",
    requester: { name: "Lucie Marchand", email: "lucie.marchand@example.com" }, tags: ["printer", "fire"] } });
  assert.equal(typeof t.id, "number");
  assert.equal(t.status, "new");
  assert.equal(t.priority, "urgent");
  assert.equal(t.type, "incident");
  assert.deepEqual(t.tags, ["printer", "fire"]);
  const { result: requester } = await client.users.show(t.requester_id);
  assert.equal(requester.email, "lucie.marchand@example.com");

  const { result: shown } = await client.tickets.show(t.id);
  assert.equal(shown.subject, "Imprimante en feu");
  assert.equal(shown.description, "La fumée est très colorée.");

  const { result: noted } = await client.tickets.update(t.id, { ticket: { comment: { body: "Vu avec le fournisseur.", public: false }, status: "open" } });
  assert.equal(noted.status, "open");
  const { result: answered } = await client.tickets.update(t.id, { ticket: { comment: { body: "Nous envoyons un technicien." }, status: "pending", additional_tags: ["onsite"] } });
  assert.equal(answered.status, "pending");
  assert.ok(answered.tags.includes("onsite"));
  const comments = await client.tickets.getComments(t.id);
  assert.deepEqual(comments.map((c) => [c.body, c.public]), [
    ["La fumée est très colorée.", true], ["Vu avec le fournisseur.", false], ["Nous envoyons un technicien.", true]]);
  const { result: me } = await client.users.auth();
  assert.equal(comments[2].author_id, me.id, "the reply is the token owner's");
  assert.equal(comments[0].author_id, t.requester_id);

  const { result: many } = await client.tickets.showMany([t.id]);
  assert.equal(many[0].id, t.id);
  await client.tickets.delete(t.id);
  await assert.rejects(client.tickets.show(t.id), (e) => e.statusCode === 404);
});

test("safe_update refuses a change made on a ticket that changed since", async () => {
  const { result: t } = await client.tickets.create({ ticket: { subject: "Colis abîmé", comment: { body: "Le carton est déchiré." } } });
  const { result: seen } = await client.tickets.show(t.id);
  await client.tickets.update(t.id, { ticket: { priority: "high", safe_update: true, updated_stamp: seen.updated_at } });
  await assert.rejects(
    client.tickets.update(t.id, { ticket: { priority: "low", safe_update: true, updated_stamp: seen.updated_at } }),
    (e) => {
      assert.equal(e.statusCode, 409);
      assert.equal(e.result.error, "UpdateConflict");
      return true;
    });
  const { result: now } = await client.tickets.show(t.id);
  assert.equal(now.priority, "high", "the stale change was not made");
});

test("search finds tickets by type, status and words, paged by offset", async () => {
  for (let i = 0; i < 3; i++) {
    await client.tickets.create({ ticket: { subject: `Remboursement zircon ${i}`, comment: { body: "Je veux être remboursé." }, status: "open" } });
  }
  const { result: found } = await client.search.query("type:ticket status:open zircon");
  assert.equal(found.length, 3);
  assert.ok(found.every((r) => r.result_type === "ticket" && r.subject.includes("zircon")));
  const paged = await raw("/search.json?query=zircon&per_page=2");
  assert.equal(paged.body.count, 3);
  assert.equal(paged.body.results.length, 2);
  assert.match(paged.body.next_page, /page=2/);
  const all = await client.search.getAll(["search", { query: "zircon", per_page: 2 }]);
  assert.equal(all.length, 3, "requestAll follows next_page to the end");
  const none = await raw("/search.json?query=type:ticket%20status:pending%20zircon");
  assert.equal(none.body.count, 0);
});

test("lists page by cursor and by offset, and exports go on from where they stopped", async () => {
  const start = Math.floor(Date.now() / 1000) - 1;
  const made = [];
  for (let i = 0; i < 105; i += 15) {
    const batch = await Promise.all(Array.from({ length: Math.min(15, 105 - i) }, (_, k) =>
      client.tickets.create({ ticket: { subject: `Lot ${i + k}`, comment: { body: "Commande groupée." } } })));
    made.push(...batch.map((b) => b.result.id));
  }
  const all = await client.tickets.list();
  const ids = new Set(all.map((t) => t.id));
  assert.ok(made.every((id) => ids.has(id)), "every page followed through links.next");
  assert.equal(ids.size, all.length, "no ticket twice");
  const first = await raw("/tickets.json?page[size]=2");
  assert.equal(first.body.tickets.length, 2);
  assert.equal(first.body.meta.has_more, true);
  const second = await fetch(first.body.links.next, { headers: { authorization: auth } }).then((r) => r.json());
  assert.ok(second.tickets[0].id > first.body.tickets[1].id, "the next page goes on");
  const offset = await raw("/tickets.json?per_page=2&page=2");
  assert.deepEqual(offset.body.tickets.map((t) => t.id), second.tickets.map((t) => t.id), "page 2 by offset is the second page");
  assert.ok(offset.body.count >= 105);

  const changed = await client.tickets.incremental(start);
  assert.ok(made.every((id) => changed.some((t) => t.id === id)), "the export by time holds what changed");
  const { result: page1 } = await client.ticketexport.exportCursor(start, "");
  assert.equal(page1.tickets.length, 100, "node-zendesk asks 100 at a time");
  assert.equal(page1.end_of_stream, false);
  const { result: page2 } = await client.ticketexport.exportCursor(start, page1.after_cursor);
  assert.equal(page2.end_of_stream, true);
  const streamed = [...page1.tickets, ...page2.tickets].map((t) => t.id);
  assert.ok(made.every((id) => streamed.includes(id)), "the two pages hold every ticket");
  const { result: quiet } = await client.ticketexport.exportCursor(start, page2.after_cursor);
  assert.equal(quiet.tickets.length, 0, "nothing changed since");
  await client.tickets.update(made[0], { ticket: { status: "solved" } });
  const { result: later } = await client.ticketexport.exportCursor(start, page2.after_cursor);
  assert.deepEqual(later.tickets.map((t) => [t.id, t.status]), [[made[0], "solved"]], "the change, from the same cursor");
});

test("a file is uploaded, sent on a comment by its upload's token, and downloaded", async () => {
  const path = join(tmpdir(), `journal-${process.pid}.txt`);
  writeFileSync(path, "Erreur 42 à 10:03\n");
  const { upload } = await client.attachments.upload(path, { filename: "journal.txt" });
  assert.equal(upload.attachments.length, 1);
  const { result: t } = await client.tickets.create({ ticket: { subject: "Journal joint", comment: { body: "Voici le journal.", uploads: [upload.token] } } });
  const [first] = await client.tickets.getComments(t.id);
  assert.equal(first.attachments.length, 1);
  const file = first.attachments[0];
  assert.deepEqual([file.file_name, file.content_type, file.size], ["journal.txt", "text/plain", 19]);
  const { result: shown } = await client.attachments.show(file.id);
  assert.equal(shown.attachment.file_name, "journal.txt");
  const download = await fetch(file.content_url, { headers: { authorization: auth } });
  assert.equal(await download.text(), "Erreur 42 à 10:03\n");
  assert.match(download.headers.get("content-disposition"), /^attachment/);
  await assert.rejects(
    client.tickets.update(t.id, { ticket: { comment: { body: "Encore.", public: false, uploads: [upload.token] } } }),
    (e) => e.statusCode === 422 && Object.keys(e.result.details).includes("uploads"), "a file is sent once");
});

test("groups and organizations are listed and shown", async () => {
  const groups = await client.groups.list();
  assert.ok(groups.length > 0, "the demo's groups");
  const { result: one } = await client.groups.show(groups[0].id);
  assert.equal(one.name, groups[0].name);
  const orgs = await client.organizations.list();
  assert.ok(orgs.length > 0, "the demo contacts' companies");
  assert.ok(orgs.every((o) => typeof o.id === "number" && typeof o.name === "string"), "organizations have Zendesk's shape");
  const { result: org } = await client.organizations.show(orgs[0].id);
  assert.equal(org.name, orgs[0].name);
});
