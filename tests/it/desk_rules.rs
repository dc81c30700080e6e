//! Desk's triggers and automations on the shared rules service: an urgent ticket is tagged,
//! sent to a group and given to the agent with the fewest unsolved tickets (or each in turn);
//! a ticket pending for four days gets a reminder from a macro and one solved for a week is
//! closed; a dry-run shows which tickets a rule would take.

use serde_json::{Value, json};

use crate::support::{Server, api, clock, server, token_for, world};

const HOUR: i64 = 3_600_000_000;

async fn ticket(s: &Server, token: &str, unit: impl ToString, subject: &str, priority: &str) -> String {
    let body = json!({"unit_id": unit.to_string(), "subject": subject, "description": "Help.", "priority": priority,
                      "requester_email": "lea@client.test"});
    let r = api().post(s.url("/api/v1/desk/tickets")).bearer_auth(token).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string()
}

async fn get(s: &Server, token: &str, path: &str) -> Value {
    api().get(s.url(path)).bearer_auth(token).send().await.unwrap().json().await.unwrap()
}

db_test!(async fn a_trigger_tags_routes_and_assigns_urgent_tickets(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(&admin).json(&body).send();
    let r = post("/api/v1/desk/groups", json!({"unit_id": w.root.to_string(), "name": "Level 2"})).await.unwrap();
    assert_eq!(r.status(), 201);
    let agents = [w.admin.to_string(), w.north_manager.to_string()];
    let rule = |name: &str, how: &str| json!({
        "name": name, "kind": "desk_ticket", "trigger": {"type": "event", "verbs": ["create"]}, "match": "all",
        "conditions": [{"field": "priority", "op": "is", "value": "urgent"}, {"field": "unit_id", "op": "within", "value": w.north.to_string()}],
        "actions": [
            {"action": "desk.set_fields", "params": {"group": "level 2", "add_tags": "escalated"}},
            {"action": "desk.assign", "params": {"users": agents, "how": how}},
        ],
    });
    let r = post("/api/v1/rules", rule("Urgent to Level 2", "least_loaded")).await.unwrap();
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let rule_id = r.json::<Value>().await.unwrap()["id"].as_str().unwrap().to_string();

    // The admin already has two unsolved tickets: the manager is less loaded.
    for n in 0..2 {
        let id = ticket(&s, &admin, w.north, &format!("Busy {n}"), "normal").await;
        c.patch(s.url(&format!("/api/v1/desk/tickets/{id}"))).bearer_auth(&admin).json(&json!({"assignee_id": w.admin.to_string()})).send().await.unwrap();
    }
    let urgent = ticket(&s, &admin, w.north, "Site down", "urgent").await;
    let calm = ticket(&s, &admin, w.north, "A question", "low").await;
    let south = ticket(&s, &admin, w.south, "Down in the south", "urgent").await;
    s.worker().run_until_idle().await.unwrap();
    let t = get(&s, &admin, &format!("/api/v1/desk/tickets/{urgent}")).await;
    assert_eq!(t["group_name"], "Level 2");
    assert_eq!(t["tags"], json!(["escalated"]));
    assert_eq!(t["assignee_id"], w.north_manager.to_string(), "the least loaded agent");
    for other in [&calm, &south] {
        let t = get(&s, &admin, &format!("/api/v1/desk/tickets/{other}")).await;
        assert!(t["assignee_id"].is_null() && t["group_id"].is_null(), "not urgent or not in the North: {t}");
    }
    let audit: Value = get(&s, &admin, &format!("/api/v1/rules/{rule_id}/runs")).await;
    assert_eq!(audit["items"].as_array().unwrap().len(), 1);
    assert_eq!(audit["items"][0]["ok"], true, "{audit}");

    // Each in turn: the next urgent tickets alternate between the two.
    c.post(s.url(&format!("/api/v1/rules/{rule_id}/active"))).bearer_auth(&admin).json(&json!({"active": false})).send().await.unwrap();
    post("/api/v1/rules", rule("Urgent in turn", "round_robin")).await.unwrap();
    let mut got = Vec::new();
    for n in 0..3 {
        let id = ticket(&s, &admin, w.north, &format!("Urgent {n}"), "urgent").await;
        s.worker().run_until_idle().await.unwrap();
        got.push(get(&s, &admin, &format!("/api/v1/desk/tickets/{id}")).await["assignee_id"].as_str().unwrap().to_string());
    }
    assert_ne!(got[0], got[1], "{got:?}");
    assert_eq!(got[0], got[2], "{got:?}");

    // A rule's action is checked when the rule is saved, naming the place.
    let bad = json!({"name": "Bad", "kind": "desk_ticket", "trigger": {"type": "event"}, "match": "all",
        "actions": [{"action": "desk.set_fields", "params": {"status": "lost"}}]});
    let r = post("/api/v1/rules", bad).await.unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], "actions.0.status");
});

db_test!(async fn automations_remind_pending_tickets_and_close_solved_ones(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let admin = token_for(&db, w.ws, w.admin).await;
    let c = api();
    let post = |path: &str, body: Value| c.post(s.url(path)).bearer_auth(&admin).json(&body).send();
    let m: Value = post("/api/v1/templates", json!({"purpose": "desk.macro", "locale": "en", "name": "Reminder",
        "body": "<p>Hello {{ requester }}, we are still waiting for your answer on #{{ number }}.</p>"})).await.unwrap().json().await.unwrap();
    let reminder = json!({"name": "Remind after 4 days", "kind": "desk_ticket", "trigger": {"type": "time", "field": "updated_at", "offset_hours": 96},
        "match": "all", "conditions": [{"field": "status", "op": "is", "value": "pending"}],
        "actions": [{"action": "desk.reply", "params": {"macro": m["template_key"], "public": false}}]});
    assert_eq!(post("/api/v1/rules", reminder).await.unwrap().status(), 201);
    let close = json!({"name": "Close a week after solving", "kind": "desk_ticket", "trigger": {"type": "time", "field": "solved_at", "offset_hours": 168},
        "match": "all", "conditions": [{"field": "status", "op": "is", "value": "solved"}],
        "actions": [{"action": "desk.set_fields", "params": {"status": "closed"}}]});
    assert_eq!(post("/api/v1/rules", close.clone()).await.unwrap().status(), 201);

    let waiting = ticket(&s, &admin, w.north, "Need your order number", "normal").await;
    let solved = ticket(&s, &admin, w.north, "Thanks, all good", "normal").await;
    for (id, status) in [(&waiting, "pending"), (&solved, "solved")] {
        c.patch(s.url(&format!("/api/v1/desk/tickets/{id}"))).bearer_auth(&admin).json(&json!({"status": status})).send().await.unwrap();
    }
    s.worker().run_until_idle().await.unwrap();
    let engine = portico_core::rules::engine(&s.state);
    let now = clock().now_micros();
    assert_eq!(engine.tick(now + 24 * HOUR).await.unwrap(), 0, "nothing is due after a day");
    assert_eq!(engine.tick(now + 97 * HOUR).await.unwrap(), 1, "four days pending");
    let comments = get(&s, &admin, &format!("/api/v1/desk/tickets/{waiting}/comments")).await;
    let last = comments["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["body"], "Hello lea, we are still waiting for your answer on #1.");
    assert_eq!((last["public"].as_i64(), last["author_user_id"].as_str()), (Some(0), None), "a note, written by Portico");
    assert_eq!(get(&s, &admin, &format!("/api/v1/desk/tickets/{waiting}")).await["status"], "pending", "still waiting");
    // The dry-run of the closing rule a week on shows the solved ticket, and changes nothing.
    let dry: Value = post("/api/v1/rules/dry-run", json!({"name": "x", "kind": "desk_ticket", "trigger": {"type": "time", "field": "solved_at", "offset_hours": 0},
        "match": "all", "conditions": [{"field": "status", "op": "is", "value": "solved"}], "actions": close["actions"]})).await.unwrap().json().await.unwrap();
    let matched: Vec<&str> = dry["matches"].as_array().unwrap().iter().map(|m| m["record_id"].as_str().unwrap()).collect();
    assert_eq!(matched, vec![solved.as_str()], "{dry}");
    assert_eq!(engine.tick(now + 169 * HOUR).await.unwrap(), 1, "a week solved");
    assert_eq!(get(&s, &admin, &format!("/api/v1/desk/tickets/{solved}")).await["status"], "closed");
});
