//! Applications: a candidate in a job's pipeline (store), the page where the team reviews
//! them, and the API.

pub mod api;
pub mod list;
pub mod pages;
pub mod store;
