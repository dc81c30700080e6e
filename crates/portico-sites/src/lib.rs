//! Public sites: the layer the career site, help center and customer and partner portals
//! share. Each workspace (and each unit, as a brand) has a theme; custom domains serve a
//! theme's sites; custom CSS is sanitized before it is stored. The HTTP side (routing by
//! host, the page shell, the portal's sign-in) is in `portico-http`'s `site` module.

pub mod css;
pub mod domains;
pub mod theme;

pub use domains::{Domain, DomainInput};
pub use theme::{Theme, ThemeInput};
