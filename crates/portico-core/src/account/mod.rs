//! Signing in and out, first-run setup, accepting an invitation, resetting a password,
//! choosing a language, and one's own profile.

pub mod api;
pub mod pages;
pub mod profile;

use axum::routing::{get, post};
use portico_http::Routes;

pub fn routes(r: Routes) -> Routes {
    r.api(api::router())
        .page("/setup", get(pages::setup_form).post(pages::setup_submit))
        .page("/login", get(pages::login_form).post(pages::login_submit))
        .page("/logout", post(pages::logout))
        .page("/password/forgot", get(pages::forgot_form).post(pages::forgot_submit))
        .page("/password/reset/{token}", get(pages::reset_form).post(pages::reset_submit))
        .page("/invite/{token}", get(pages::invite_form).post(pages::invite_submit))
        .page("/lang", post(pages::set_lang))
        .page("/profile", get(profile::profile).post(profile::save_profile))
        .page("/profile/password", post(profile::change_password))
}
