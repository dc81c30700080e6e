//! One's own profile: name, language, time zone and password.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use portico_auth::users::{self, ProfileInput};
use portico_http::form::FormState;
use portico_http::state::AppState;
use portico_http::ui::{FlashQuery, OrPage, PageError, Shell, Staff, after, lang_cookie, render, set_cookie};
use portico_kernel::locale::Locale;
use serde::{Deserialize, Serialize};

#[derive(Template)]
#[template(path = "profile.html")]
pub(crate) struct ProfilePage {
    c: Shell,
    user: users::User,
    /// The profile form (or the password form, when it comes back refused).
    form: FormState,
}

impl ProfilePage {
    /// Every time zone name, offered as the field is typed.
    fn zones(&self) -> impl Iterator<Item = &'static str> {
        chrono_tz::TZ_VARIANTS.iter().map(|z| z.name())
    }
    fn password_hint(&self) -> String {
        format!("{} {}", self.c.t("password-hint"), self.c.t("password-other-sessions"))
    }
}

pub(crate) async fn profile(
    State(s): State<AppState>,
    staff: Staff,
    Query(f): Query<FlashQuery>,
) -> Result<Response, PageError> {
    profile_page(&s, &staff, &f, None).await
}

async fn profile_page(
    s: &AppState,
    staff: &Staff,
    f: &FlashQuery,
    form: Option<FormState>,
) -> Result<Response, PageError> {
    let user = users::get(s.db.pool(), &staff.caller.authz, staff.caller.user).await.or_page(staff)?;
    let form = form.map_or_else(|| FormState::editing(&user), |f| f.or_stored(&user));
    let p = ProfilePage { c: staff.shell("profile", f), user, form };
    Ok(render(p.form.status(), &p))
}

#[derive(Deserialize, Serialize)]
pub(crate) struct ProfileForm {
    name: String,
    locale: String,
    time_zone: String,
}

pub(crate) async fn save_profile(
    State(s): State<AppState>,
    staff: Staff,
    Form(f): Form<ProfileForm>,
) -> Result<Response, PageError> {
    let input =
        ProfileInput { name: f.name.clone(), locale: Some(f.locale.clone()), time_zone: Some(f.time_zone.clone()) };
    match users::update_profile(&s.db, s.clock.as_ref(), &staff.caller.authz, staff.caller.user, input).await {
        Ok(_) => {
            let mut resp = after("/profile", Ok("profile-saved")).into_response();
            if let Some(l) = Locale::parse(&f.locale) {
                set_cookie(&mut resp, &lang_cookie(l));
            }
            Ok(resp)
        }
        Err(e) => {
            let form = FormState::failed("profile", &f, &e, &staff.tr());
            profile_page(&s, &staff, &FlashQuery::default(), Some(form)).await
        }
    }
}

#[derive(Deserialize, Serialize)]
pub(crate) struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub(crate) async fn change_password(
    State(s): State<AppState>,
    staff: Staff,
    Form(f): Form<PasswordForm>,
) -> Result<Response, PageError> {
    let session = staff.caller.session_token.as_deref();
    let result = users::change_password(
        &s.db,
        s.clock.as_ref(),
        &staff.caller.authz,
        &f.current_password,
        &f.new_password,
        session,
    )
    .await;
    match result {
        Ok(_) => Ok(after("/profile", Ok("password-changed-here")).into_response()),
        Err(e) => {
            let form = FormState::failed("password", &f, &e, &staff.tr());
            profile_page(&s, &staff, &FlashQuery::default(), Some(form)).await
        }
    }
}
