//! The one integration-test binary. Store tests use `db_test!`, which runs each
//! test on SQLite and on PostgreSQL, with the platform of the binary's modules installed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

macro_rules! db_test {
    ($($test:tt)*) => { portico_testkit::db_test!(setup = crate::support::install; $($test)*); };
}

mod support;

mod archive;
mod auth;
mod cli;
mod contacts;
mod crawl;
mod db;
mod desk;
mod desk_rules;
mod erasure;
mod files;
mod http;
mod imports;
mod inbound;
mod isolation;
mod jobs;
mod live;
mod mail;
mod mail_replies;
mod platform;
mod recruit;
mod recruit_assessments;
mod recruit_availability;
mod recruit_drafts;
mod recruit_merge;
mod replicas;
mod reports;
mod rules;
mod search;
mod security;
mod sites;
mod templates;
mod zendesk;
