//! The Zendesk-shaped API keeps Portico's compartments: a ticket, its requester and its
//! comments of another unit or workspace are not found, in lists, search and exports too; a
//! browser session is not enough (these routes carry no CSRF token).

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::{Server, api, server, sign_in, token_for, world};

/// A request as a Zendesk client sends it: HTTP Basic with `email/token`.
async fn call(
    s: &Server,
    who: &(String, String),
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut r =
        api().request(method, s.url(&format!("/api/v2{path}"))).basic_auth(format!("{}/token", who.0), Some(&who.1));
    if let Some(b) = body {
        r = r.json(&b);
    }
    let resp = r.send().await.unwrap();
    let status = resp.status();
    let text = resp.text().await.unwrap();
    (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap() })
}

async fn get(s: &Server, who: &(String, String), path: &str) -> (StatusCode, Value) {
    call(s, who, reqwest::Method::GET, path, None).await
}

/// A ticket opened through the Portico API in `unit`; its Zendesk id.
async fn ticket(s: &Server, token: &str, unit: impl ToString, subject: &str, email: &str) -> i64 {
    let body = json!({"unit_id": unit.to_string(), "subject": subject, "description": "Help, please.", "requester_email": email});
    let r = api().post(s.url("/api/v1/desk/tickets")).bearer_auth(token).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["number"].as_i64().unwrap()
}

db_test!(async fn the_zendesk_api_shows_each_caller_only_their_units_and_workspace(db) {
    let w = world(&db, "Acme").await;
    let other = world(&db, "Beta").await;
    let s = server(&db).await;
    let admin_token = token_for(&db, w.ws, w.admin).await;
    let admin = ("admin@acme.test".to_string(), admin_token.clone());
    let manager = ("manager.north@acme.test".to_string(), token_for(&db, w.ws, w.north_manager).await);
    let beta = ("admin@beta.test".to_string(), token_for(&db, other.ws, other.admin).await);

    let north = ticket(&s, &admin_token, w.north, "Lamp broken", "lea@client.test").await;
    let south = ticket(&s, &admin_token, w.south, "Invoice wrong", "sam@client.test").await;
    let noted = json!({"ticket": {"comment": {"body": "Refund approved.", "public": false}}});
    assert_eq!(call(&s, &admin, reqwest::Method::PUT, &format!("/tickets/{south}.json"), Some(noted)).await.0, StatusCode::OK);
    let (status, t) = get(&s, &admin, &format!("/tickets/{south}")).await;
    assert_eq!(status, StatusCode::OK, "with and without .json");
    let south_requester = t["ticket"]["requester_id"].as_i64().unwrap();
    let (_, comments) = get(&s, &admin, &format!("/tickets/{south}/comments.json")).await;
    assert_eq!(comments["comments"].as_array().unwrap().len(), 2);

    // The North manager: North's ticket, not South's, wherever they look.
    assert_eq!(get(&s, &manager, &format!("/tickets/{north}.json")).await.0, StatusCode::OK);
    for path in [format!("/tickets/{south}.json"), format!("/tickets/{south}/comments.json"), format!("/users/{south_requester}.json")] {
        let (status, body) = get(&s, &manager, &path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(body["error"], "RecordNotFound");
    }
    let change = json!({"ticket": {"status": "solved"}});
    assert_eq!(call(&s, &manager, reqwest::Method::PUT, &format!("/tickets/{south}.json"), Some(change)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(call(&s, &manager, reqwest::Method::DELETE, &format!("/tickets/{south}.json"), None).await.0, StatusCode::NOT_FOUND);
    let numbers = |v: &Value, key: &str| -> Vec<i64> { v[key].as_array().unwrap().iter().map(|t| t["id"].as_i64().unwrap()).collect() };
    assert_eq!(numbers(&get(&s, &manager, "/tickets.json").await.1, "tickets"), vec![north]);
    assert_eq!(numbers(&get(&s, &manager, "/tickets.json?page[size]=10").await.1, "tickets"), vec![north]);
    assert_eq!(numbers(&get(&s, &manager, &format!("/tickets/show_many.json?ids={north},{south}")).await.1, "tickets"), vec![north]);
    assert_eq!(numbers(&get(&s, &manager, "/search.json?query=type:ticket").await.1, "results"), vec![north]);
    assert_eq!(numbers(&get(&s, &manager, "/incremental/tickets.json?start_time=0").await.1, "tickets"), vec![north]);
    assert_eq!(numbers(&get(&s, &manager, "/incremental/tickets/cursor.json?start_time=0").await.1, "tickets"), vec![north]);
    let users = get(&s, &manager, "/users.json").await.1;
    let emails: Vec<&str> = users["users"].as_array().unwrap().iter().filter_map(|u| u["email"].as_str()).collect();
    assert!(emails.contains(&"lea@client.test") && !emails.contains(&"sam@client.test"), "{emails:?}");

    // Another workspace: none of Acme's tickets or people, whatever number it asks for.
    assert_eq!(numbers(&get(&s, &beta, "/tickets.json").await.1, "tickets"), Vec::<i64>::new());
    for number in [north, south] {
        assert_eq!(get(&s, &beta, &format!("/tickets/{number}.json")).await.0, StatusCode::NOT_FOUND);
    }
    let (status, body) = get(&s, &beta, &format!("/users/{south_requester}.json")).await;
    assert!(status == StatusCode::NOT_FOUND || body["user"]["email"].as_str().is_some_and(|e| e.ends_with("@beta.test")), "{body}");
    assert_eq!(get(&s, &beta, "/search.json?query=invoice").await.1["count"], 0);

    // A signed-in browser is not a caller here: a page could send these requests.
    let browser = sign_in(&s, "admin@acme.test").await;
    let r = browser.get(s.url("/api/v2/users/me.json")).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"error": "Couldn't authenticate you"}));
});

db_test!(async fn the_zendesk_api_names_the_field_it_refuses_in_the_caller_s_language(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let body = json!({"ticket": {"subject": "", "comment": {"body": "Something"}, "priority": "whenever"}});
    let r = api()
        .post(s.url("/api/v2/tickets.json"))
        .basic_auth("admin@acme.test/token", Some(&token))
        .header("accept-language", "fr")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["error"], "RecordInvalid");
    let details = v["details"].as_object().unwrap();
    assert_eq!(details.keys().collect::<Vec<_>>(), vec!["subject"], "{v}");
    let said = details["subject"][0]["description"].as_str().unwrap();
    assert!(said.contains("obligatoire"), "in French: {said}");
    let (status, list) = get(&s, &("admin@acme.test".into(), token.clone()), "/tickets.json").await;
    assert_eq!((status, list["count"].as_i64()), (StatusCode::OK, Some(0)), "nothing was stored");
    let bad = api().get(s.url("/api/v2/tickets.json?page[size]=lots")).basic_auth("admin@acme.test/token", Some(&token)).send().await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = api().get(s.url("/api/v2/nothing/here.json")).basic_auth("admin@acme.test/token", Some(&token)).send().await.unwrap();
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    assert_eq!(unknown.json::<Value>().await.unwrap()["error"], "RecordNotFound");
});

db_test!(async fn organizations_are_the_companies_of_the_contacts_one_sees(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let token = token_for(&db, w.ws, w.admin).await;
    let admin = ("admin@acme.test".to_string(), token.clone());
    let manager = ("manager.north@acme.test".to_string(), token_for(&db, w.ws, w.north_manager).await);
    for (unit, name, company) in [(w.north, "Ana", "Lumen SA"), (w.north, "Ivo", "lumen sa"), (w.south, "Sam", "Sudlight")] {
        let body = json!({"unit_id": unit.to_string(), "name": name, "email": format!("{}@client.test", name.to_lowercase()), "company": company});
        let r = api().post(s.url("/api/v1/contacts")).bearer_auth(&token).json(&body).send().await.unwrap();
        assert_eq!(r.status(), 201);
    }
    let names = |v: &Value| -> Vec<String> { v["organizations"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_string()).collect() };
    let (_, all) = get(&s, &admin, "/organizations.json").await;
    assert_eq!(names(&all), ["Lumen SA", "Sudlight"], "one per company, whatever its case");
    let lumen = all["organizations"][0]["id"].as_i64().unwrap();
    let (_, one) = get(&s, &admin, &format!("/organizations/{lumen}.json")).await;
    assert_eq!(one["organization"]["name"], "Lumen SA");
    let (_, users) = get(&s, &admin, "/users.json").await;
    let ana = users["users"].as_array().unwrap().iter().find(|u| u["name"] == "Ana").unwrap().clone();
    assert_eq!(ana["organization_id"].as_i64(), Some(lumen));
    // The North manager sees North's contacts' companies only.
    assert_eq!(names(&get(&s, &manager, "/organizations.json").await.1), ["Lumen SA"]);
    let sud = all["organizations"][1]["id"].as_i64().unwrap();
    assert_eq!(get(&s, &manager, &format!("/organizations/{sud}.json")).await.0, StatusCode::NOT_FOUND);
});

db_test!(async fn a_zendesk_body_of_the_wrong_shape_says_what_is_wrong(db) {
    let w = world(&db, "Acme").await;
    let s = server(&db).await;
    let who = ("admin@acme.test".to_string(), token_for(&db, w.ws, w.admin).await);
    let (status, body) = call(&s, &who, reqwest::Method::POST, "/tickets.json", Some(json!({"subject": "no envelope"}))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["details"]["ticket"].is_array(), "names the missing envelope: {body}");
    let (status, body) = call(&s, &who, reqwest::Method::POST, "/tickets.json", Some(json!({"ticket": {"subject": 5}}))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"], "BadRequest");
});
