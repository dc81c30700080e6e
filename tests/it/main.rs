//! The one integration-test binary. Store tests use `db_test!`, which runs each
//! test on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod auth;
mod cli;
mod db;
mod files;
mod http;
mod isolation;
mod jobs;
mod mail;
mod search;
mod security;
