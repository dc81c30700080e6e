use portico_auth::{api_tokens, invites, login, magic, resets, sessions};
use portico_authz::{BuiltinRole, store, units};
use portico_kernel::perm;
use portico_kernel::{ErrorCode, ManualClock, Permission};

use crate::support::{PASSWORD, authz_of, clock, mail, world};

fn attempt<'a>(email: &'a str, password: &'a str) -> login::Attempt<'a> {
    login::Attempt { email, password, user_agent: "test", previous_session: None, workspace: None }
}

/// Sign in where the address has one account.
async fn signed_in(
    db: &portico_db::Db,
    c: &dyn portico_kernel::Clock,
    email: &str,
    password: &str,
) -> Result<login::LoggedIn, portico_kernel::AppError> {
    match login::login(db, c, attempt(email, password)).await? {
        login::Outcome::SignedIn(l) => Ok(l),
        login::Outcome::Choose(w) => panic!("{email} opens several workspaces: {w:?}"),
    }
}

db_test!(async fn login_rotates_sessions_and_locks_out(db) {
    let w = world(&db, "Acme").await;
    let c = clock();
    let a = signed_in(&db, c.as_ref(), "Admin@Acme.test", PASSWORD).await.unwrap();
    let b = signed_in(&db, c.as_ref(), "admin@acme.test", PASSWORD).await.unwrap();
    assert_ne!(a.session_token, b.session_token, "every sign-in gets a fresh session");
    assert_eq!(a.user, w.admin);
    let s = sessions::lookup(db.pool(), &a.session_token, c.now_micros()).await.unwrap().unwrap();
    assert_eq!(s.user_id, w.admin.to_db());
    login::logout(&db, c.as_ref(), &a.session_token).await.unwrap();
    assert!(sessions::lookup(db.pool(), &a.session_token, c.now_micros()).await.unwrap().is_none());

    let e = signed_in(&db, c.as_ref(), "nobody@acme.test", PASSWORD).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::InvalidCredentials);
    for i in 1..=login::MAX_FAILURES {
        let e = signed_in(&db, c.as_ref(), "admin@acme.test", "wrong-password").await.unwrap_err();
        let expected = if i == login::MAX_FAILURES { ErrorCode::AccountLocked } else { ErrorCode::InvalidCredentials };
        assert_eq!(e.code, expected);
    }
    let e = signed_in(&db, c.as_ref(), "admin@acme.test", PASSWORD).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::AccountLocked, "even the right password waits out the lockout");
    // An address without an account locks out the same way, so the answer tells nothing.
    for i in 1..=login::MAX_FAILURES {
        let e = signed_in(&db, c.as_ref(), "ghost@acme.test", "wrong-password").await.unwrap_err();
        let expected = if i == login::MAX_FAILURES { ErrorCode::AccountLocked } else { ErrorCode::InvalidCredentials };
        assert_eq!(e.code, expected, "attempt {i} on an unknown address");
    }
    let later = ManualClock::new(c.now() + chrono::Duration::minutes(16));
    signed_in(&db, &later, "admin@acme.test", PASSWORD).await.unwrap();
});

db_test!(async fn wrong_passwords_sent_at_once_all_count(db) {
    world(&db, "Acme").await;
    let c = clock();
    // Guesses sent together each count: none is lost to another's write.
    let mut guesses = tokio::task::JoinSet::new();
    for _ in 0..2 * login::MAX_FAILURES {
        let (db, c) = (db.clone(), c.clone());
        guesses.spawn(async move { signed_in(&db, c.as_ref(), "admin@acme.test", "wrong-password").await.is_err() });
    }
    assert!(guesses.join_all().await.into_iter().all(|refused| refused));
    let e = signed_in(&db, c.as_ref(), "admin@acme.test", PASSWORD).await.unwrap_err();
    assert_eq!(e.code, ErrorCode::AccountLocked);
});

db_test!(async fn invitation_creates_account_with_grant(db) {
    let w = world(&db, "Acme").await;
    let c = clock();
    let admin = authz_of(&db, w.ws, w.admin).await;
    let member = store::builtin_role(db.pool(), w.ws, BuiltinRole::Member).await.unwrap();
    let input = |email: &str| invites::InviteInput { email: email.into(), name: "Ivana".into(), role: member.id, unit: w.lille };
    let (_, token) = invites::create(&db, c.as_ref(), &admin, &mail(), input("ivana@acme.test")).await.unwrap();
    let dup = invites::create(&db, c.as_ref(), &admin, &mail(), input("admin@acme.test")).await.unwrap_err();
    assert_eq!((dup.code, dup.field.as_deref()), (ErrorCode::AlreadyExists, Some("email")));
    let bad = invites::create(&db, c.as_ref(), &admin, &mail(), input("not-an-email")).await.unwrap_err();
    assert_eq!((bad.code, bad.field.as_deref()), (ErrorCode::InvalidEmail, Some("email")));
    let manager = authz_of(&db, w.ws, w.north_manager).await;
    assert_eq!(invites::create(&db, c.as_ref(), &manager, &mail(), input("x@acme.test")).await.unwrap_err().code, ErrorCode::Forbidden);

    let short = invites::accept(&db, c.as_ref(), &token, "Ivana", "short", None).await.unwrap_err();
    assert_eq!((short.code, short.field.as_deref()), (ErrorCode::TooShort, Some("password")));
    let (user, ws, _) = invites::accept(&db, c.as_ref(), &token, "Ivana Horvat", PASSWORD, None).await.unwrap();
    assert_eq!(ws, w.ws);
    assert_eq!(invites::accept(&db, c.as_ref(), &token, "Again", PASSWORD, None).await.unwrap_err().code, ErrorCode::LinkExpired);
    let ivana = authz_of(&db, w.ws, user).await;
    let scope = ivana.scope(Permission::new(perm::CORE, perm::VIEW)).unwrap();
    assert!(scope.contains(w.lille) && !scope.contains(w.north) && !scope.contains(w.south));
});

db_test!(async fn password_reset_is_single_use_and_ends_sessions(db) {
    let w = world(&db, "Acme").await;
    let c = clock();
    let s = signed_in(&db, c.as_ref(), "admin@acme.test", PASSWORD).await.unwrap();
    assert!(resets::request(&db, c.as_ref(), &mail(), "ghost@acme.test").await.unwrap().is_empty());
    let r = resets::request(&db, c.as_ref(), &mail(), "admin@acme.test").await.unwrap().remove(0);
    assert_eq!(r.user, w.admin);
    resets::complete(&db, c.as_ref(), &r.token, "a-brand-new-password").await.unwrap();
    assert_eq!(resets::complete(&db, c.as_ref(), &r.token, "another-password!").await.unwrap_err().code, ErrorCode::LinkExpired);
    assert!(sessions::lookup(db.pool(), &s.session_token, c.now_micros()).await.unwrap().is_none());
    signed_in(&db, c.as_ref(), "admin@acme.test", "a-brand-new-password").await.unwrap();
});

db_test!(async fn api_tokens_are_hashed_scoped_and_revocable(db) {
    let w = world(&db, "Acme").await;
    let c = clock();
    let me = authz_of(&db, w.ws, w.north_manager).await;
    let scopes = [Permission::new(perm::CORE, perm::VIEW)].into_iter().collect();
    let (id, secret) = api_tokens::create(&db, c.as_ref(), &me, "ci", &scopes, None).await.unwrap();
    let (stored,): (String,) = sqlx::query_as("SELECT token_hash FROM api_tokens WHERE id = $1").bind(id.to_db()).fetch_one(db.pool()).await.unwrap();
    assert!(!stored.contains(&secret) && stored.len() == 64);
    let owner = api_tokens::authenticate(db.pool(), &secret, c.now_micros()).await.unwrap().unwrap();
    assert_eq!(owner.user_id, w.north_manager.to_db());
    assert_eq!(owner.scope_set(), Some(scopes));
    assert!(api_tokens::authenticate(db.pool(), "pt_forged", c.now_micros()).await.unwrap().is_none());
    let other = authz_of(&db, w.ws, w.south_member).await;
    assert_eq!(api_tokens::revoke(&db, c.as_ref(), &other, id).await.unwrap_err().code, ErrorCode::NotFound);
    api_tokens::revoke(&db, c.as_ref(), &me, id).await.unwrap();
    assert!(api_tokens::authenticate(db.pool(), &secret, c.now_micros()).await.unwrap().is_none());
});

db_test!(async fn magic_links_are_signed_expiring_and_revocable(db) {
    let w = world(&db, "Acme").await;
    let c = clock();
    let key = b"0123456789abcdef0123456789abcdef";
    let admin = authz_of(&db, w.ws, w.admin).await;
    let cap = admin.unit_cap(Permission::new(perm::CORE, perm::EDIT), w.lille).unwrap();
    let link = magic::NewLink { subject_type: "file", subject_id: "f1".into(), email: "guest@x.fr", label: "Guest", ttl: 3_600_000_000 };
    let (id, token) = magic::create(&db, c.as_ref(), &cap, key, link).await.unwrap();
    let g = magic::verify(db.pool(), key, &token, c.now_micros()).await.unwrap();
    assert_eq!((g.subject_type(), g.subject_id(), g.workspace()), ("file", "f1", w.ws));
    let tampered = format!("{}x", &token[..token.len() - 1]);
    assert_eq!(magic::verify(db.pool(), key, &tampered, c.now_micros()).await.unwrap_err().code, ErrorCode::LinkExpired);
    assert!(magic::verify(db.pool(), b"another-key-another-key-another!", &token, c.now_micros()).await.is_err());
    let later = c.now_micros() + 3_600_000_001;
    assert!(magic::verify(db.pool(), key, &token, later).await.is_err());
    magic::revoke(&db, c.as_ref(), &cap, "file", "f1", id).await.unwrap();
    assert!(magic::verify(db.pool(), key, &token, c.now_micros()).await.is_err());
});

db_test!(async fn unit_scope_and_moves(db) {
    let w = world(&db, "Acme").await;
    let c = clock();
    let manager = authz_of(&db, w.ws, w.north_manager).await;
    let visible: Vec<_> = units::list(&manager, &manager.scope(units::VIEW).unwrap()).into_iter().map(|u| u.id).collect();
    assert_eq!(visible, vec![w.north, w.lille]);
    assert_eq!(units::get(&manager, w.south).unwrap_err().code, ErrorCode::NotFound);
    assert_eq!(portico_core::units::service::move_to(&db, c.as_ref(), &manager, w.lille, w.south).await.unwrap_err().code, ErrorCode::Forbidden);
    let admin = authz_of(&db, w.ws, w.admin).await;
    assert_eq!(portico_core::units::service::move_to(&db, c.as_ref(), &admin, w.north, w.lille).await.unwrap_err().field.as_deref(), Some("parent_id"));
    portico_core::units::service::move_to(&db, c.as_ref(), &admin, w.lille, w.south).await.unwrap();
    let manager = authz_of(&db, w.ws, w.north_manager).await;
    assert!(!manager.scope(units::VIEW).unwrap().contains(w.lille), "moved out of North's reach");
    let other = crate::support::world(&db, "Other").await;
    let outsider = authz_of(&db, other.ws, other.admin).await;
    assert_eq!(units::get(&outsider, w.north).unwrap_err().code, ErrorCode::NotFound);
    let audit = portico_audit::list(db.pool(), &admin.admin().unwrap(), &Default::default(), &portico_kernel::PageRequest::first(50)).await.unwrap();
    assert!(audit.items.iter().any(|e| e.action == "unit.move" && e.record_id == w.lille.to_db()));
    let other_audit = portico_audit::list(db.pool(), &outsider.admin().unwrap(), &Default::default(), &portico_kernel::PageRequest::first(200)).await.unwrap();
    assert!(other_audit.items.iter().all(|e| e.record_id != w.lille.to_db()));
});

db_test!(async fn only_owners_make_or_unmake_owners(db) {
    let w = world(&db, "Acme").await;
    let c = clock();
    let admin = authz_of(&db, w.ws, w.admin).await;
    let owner_role = store::builtin_role(db.pool(), w.ws, BuiltinRole::Owner).await.unwrap();
    let e = portico_auth::users::grant(&db, c.as_ref(), &admin, w.admin, owner_role.id, w.root).await.unwrap_err();
    assert_eq!((e.code, e.field.as_deref()), (ErrorCode::Forbidden, Some("role_id")), "no self-promotion");
    let invite = invites::InviteInput { email: "new.owner@acme.test".into(), name: String::new(), role: owner_role.id, unit: w.root };
    assert_eq!(invites::create(&db, c.as_ref(), &admin, &mail(), invite).await.unwrap_err().code, ErrorCode::Forbidden);
    let owner_id = portico_auth::users::accounts(db.pool(), "owner@acme.test").await.unwrap().remove(0).id.parse().unwrap();
    assert_eq!(portico_auth::users::set_status(&db, c.as_ref(), &admin, owner_id, false).await.unwrap_err().code, ErrorCode::Forbidden);
    let owner_grant = store::owners(db.pool(), w.ws).await.unwrap()[0].0.clone();
    assert_eq!(portico_auth::users::revoke_grant(&db, c.as_ref(), &admin, owner_id, &owner_grant).await.unwrap_err().code, ErrorCode::Forbidden);
    let owner = authz_of(&db, w.ws, owner_id).await;
    assert_eq!(
        portico_auth::users::revoke_grant(&db, c.as_ref(), &owner, owner_id, &owner_grant).await.unwrap_err().code,
        ErrorCode::Conflict,
        "the last owner stays"
    );
    portico_auth::users::grant(&db, c.as_ref(), &owner, w.admin, owner_role.id, w.root).await.unwrap();
    portico_auth::users::revoke_grant(&db, c.as_ref(), &owner, owner_id, &owner_grant).await.unwrap();
    assert_eq!(store::owners(db.pool(), w.ws).await.unwrap().len(), 1);
});

db_test!(async fn an_api_token_is_taken_as_zendesk_clients_send_it_with_its_owner_s_address(db) {
    // HTTP Basic `email/token:TOKEN`: the token, and only with the address of its owner.
    let w = crate::support::world(&db, "Acme").await;
    let s = crate::support::server(&db).await;
    let token = crate::support::token_for(&db, w.ws, w.admin).await;
    let c = crate::support::api();
    let get = |user: &str, password: &str| c.get(s.url("/api/v1/units")).basic_auth(user, Some(password)).send();
    assert_eq!(get("admin@acme.test/token", &token).await.unwrap().status(), 200);
    assert_eq!(get("Admin@Acme.test/token", &token).await.unwrap().status(), 200, "the address whatever its case");
    assert_eq!(get("manager.north@acme.test/token", &token).await.unwrap().status(), 401, "another person's address");
    assert_eq!(get("admin@acme.test", &token).await.unwrap().status(), 401, "a password is not a token");
    assert_eq!(get("admin@acme.test/token", "pt_nope").await.unwrap().status(), 401);
});
