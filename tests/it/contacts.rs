//! Contacts: people outside the staff, one per e-mail address in a workspace, in a unit.

use serde_json::{Value, json};

use crate::support::{api, server, token_for, world};

db_test!(async fn contacts_are_kept_per_workspace_with_their_custom_values(db) {
    let w = world(&db, "Acme").await;
    let other = world(&db, "Other").await;
    let s = server(&db).await;
    let (admin, member) = (token_for(&db, w.ws, w.admin).await, token_for(&db, w.ws, w.south_member).await);
    let c = api();
    let post = |token: &str, body: Value| c.post(s.url("/api/v1/contacts")).bearer_auth(token.to_string()).json(&body).send();
    c.post(s.url("/api/v1/custom-fields")).bearer_auth(&admin)
        .json(&json!({"record_type": "contact", "key": "source", "label": "Source", "field_type": "select", "options": ["Web", "Shop"]}))
        .send().await.unwrap();

    let r = post(&admin, json!({"unit_id": w.north.to_string(), "name": "Sophie Marchand", "email": "Sophie@Exemple.fr", "locale": "fr", "custom_fields": {"source": "Web"}})).await.unwrap();
    assert_eq!(r.status(), 201);
    let made: Value = r.json().await.unwrap();
    assert_eq!((made["email"].as_str(), made["custom_fields"]["source"].as_str()), (Some("sophie@exemple.fr"), Some("Web")));
    let id = made["id"].as_str().unwrap().to_string();

    // Bad input names its field and stores nothing.
    for (body, field) in [
        (json!({"unit_id": w.north.to_string(), "name": "Twin", "email": "sophie@exemple.fr"}), "email"),
        (json!({"unit_id": w.north.to_string(), "name": "", "email": "x@y.fr"}), "name"),
        (json!({"unit_id": w.north.to_string(), "name": "Bad", "email": "not-an-address"}), "email"),
        (json!({"unit_id": w.north.to_string(), "name": "Bad", "locale": "de"}), "locale"),
        (json!({"unit_id": w.north.to_string(), "name": "Bad", "custom_fields": {"source": "Radio"}}), "custom.source"),
        (json!({"unit_id": other.north.to_string(), "name": "Elsewhere"}), "unit_id"),
    ] {
        let r = post(&admin, body).await.unwrap();
        assert!(r.status().is_client_error(), "{field}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["field"], field);
    }
    let listed: Value = c.get(s.url("/api/v1/contacts")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "nothing half-written");

    // The same address may be a contact of another workspace.
    let other_admin = token_for(&db, other.ws, other.admin).await;
    assert_eq!(post(&other_admin, json!({"unit_id": other.north.to_string(), "name": "Sophie", "email": "sophie@exemple.fr"})).await.unwrap().status(), 201);

    // A change and its custom values are one write, one audit entry.
    let r = c.patch(s.url(&format!("/api/v1/contacts/{id}"))).bearer_auth(&admin)
        .json(&json!({"company": "Boulangerie Marchand", "custom_fields": {"source": "Shop"}})).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let audit: Value = c.get(s.url(&format!("/api/v1/audit?record_id={id}"))).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    let update = audit["items"].as_array().unwrap().iter().find(|e| e["action"] == "contact.update").unwrap();
    let after: Value = serde_json::from_str(update["after_json"].as_str().unwrap()).unwrap();
    assert_eq!((after["company"].as_str(), after["custom_fields"]["source"].as_str()), (Some("Boulangerie Marchand"), Some("Shop")));
    // Found by search; out of sight of South.
    let found: Value = c.get(s.url("/api/v1/search?q=marchand")).bearer_auth(&admin).send().await.unwrap().json().await.unwrap();
    assert!(found["items"].as_array().unwrap().iter().any(|h| h["record_type"] == "contact"));
    assert_eq!(c.get(s.url(&format!("/api/v1/contacts/{id}"))).bearer_auth(&member).send().await.unwrap().status(), 404);

    assert_eq!(c.delete(s.url(&format!("/api/v1/contacts/{id}"))).bearer_auth(&admin).send().await.unwrap().status(), 204);
    assert_eq!(c.get(s.url(&format!("/api/v1/contacts/{id}"))).bearer_auth(&admin).send().await.unwrap().status(), 404);
    let (left,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM custom_values WHERE record_id = $1").bind(id).fetch_one(db.pool()).await.unwrap();
    assert_eq!(left, 0, "its custom values went with it");
});
