//! Permissions: an action on a module. Every module has the six standard actions and may
//! add its own (approve an offer, approve a payout, add notes only). They join one
//! catalogue when the module registers, which parsing, the built-in roles and the role
//! forms all read.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use std::sync::RwLock;

/// The module name of the core.
pub const CORE: &str = "core";
pub const VIEW: &str = "view";
pub const CREATE: &str = "create";
pub const EDIT: &str = "edit";
pub const DELETE: &str = "delete";
pub const EXPORT: &str = "export";
pub const ADMIN: &str = "admin";
/// The actions every module has.
pub const STANDARD: [&str; 6] = [VIEW, CREATE, EDIT, DELETE, EXPORT, ADMIN];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Permission {
    module: &'static str,
    action: &'static str,
}

impl Permission {
    pub const fn new(module: &'static str, action: &'static str) -> Self {
        Self { module, action }
    }
    pub fn module(self) -> &'static str {
        self.module
    }
    pub fn action(self) -> &'static str {
        self.action
    }
    /// Every permission of every registered module.
    pub fn all() -> Vec<Permission> {
        entries().into_iter().map(|e| e.permission).collect()
    }
}

/// An action a module adds to the standard six, and which built-in roles below Admin get it.
#[derive(Debug, Clone, Copy)]
pub struct ActionSpec {
    pub action: &'static str,
    pub manager: bool,
    pub member: bool,
}

/// One permission of the catalogue, with what the built-in Manager and Member roles hold.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub permission: Permission,
    pub manager: bool,
    pub member: bool,
}

static CATALOGUE: RwLock<Vec<Entry>> = RwLock::new(Vec::new());

fn standard(module: &'static str) -> impl Iterator<Item = Entry> {
    STANDARD.into_iter().map(move |action| Entry {
        permission: Permission::new(module, action),
        manager: action != ADMIN,
        member: matches!(action, VIEW | CREATE | EDIT),
    })
}

/// Add a module's permissions: the standard six, then its own actions (once per module).
pub fn register(module: &'static str, actions: &[ActionSpec]) {
    let Ok(mut all) = CATALOGUE.write() else { return };
    if all.iter().any(|e| e.permission.module == module) {
        return;
    }
    all.extend(standard(module));
    all.extend(actions.iter().map(|a| Entry {
        permission: Permission::new(module, a.action),
        manager: a.manager,
        member: a.member,
    }));
}

/// The catalogue: the core's permissions always, then every registered module's, in order.
pub fn entries() -> Vec<Entry> {
    let registered = CATALOGUE.read().map(|c| c.clone()).unwrap_or_default();
    let mut out: Vec<Entry> =
        if registered.iter().any(|e| e.permission.module == CORE) { Vec::new() } else { standard(CORE).collect() };
    out.extend(registered);
    out
}

/// The modules of the catalogue, in order.
pub fn modules() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for e in entries() {
        if !out.contains(&e.permission.module) {
            out.push(e.permission.module);
        }
    }
    out
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.module, self.action)
    }
}

/// Only permissions of the catalogue parse: a name no module registers is refused.
impl FromStr for Permission {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (m, a) = s.split_once('.').ok_or(())?;
        entries().into_iter().map(|e| e.permission).find(|p| p.module == m && p.action == a).ok_or(())
    }
}

impl serde::Serialize for Permission {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Permission {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(|_| serde::de::Error::custom(format!("unknown permission `{s}`")))
    }
}

pub type PermSet = BTreeSet<Permission>;

/// Parse a stored JSON permission list, skipping names of modules this binary lacks.
pub fn permset_from_json(json: &str) -> PermSet {
    serde_json::from_str::<Vec<String>>(json).unwrap_or_default().iter().filter_map(|s| s.parse().ok()).collect()
}

pub fn permset_to_json(set: &PermSet) -> String {
    serde_json::to_string(&set.iter().map(ToString::to_string).collect::<Vec<_>>()).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_module_brings_its_own_actions() {
        assert!("core.view".parse::<Permission>().is_ok(), "the core is always there");
        assert!("zoo.feed".parse::<Permission>().is_err(), "unknown before registration");
        register("zoo", &[ActionSpec { action: "feed", manager: true, member: false }]);
        register("zoo", &[]);
        let feed: Permission = "zoo.feed".parse().unwrap();
        assert_eq!((feed.module(), feed.action(), feed.to_string().as_str()), ("zoo", "feed", "zoo.feed"));
        assert!("zoo.admin".parse::<Permission>().is_ok(), "and the standard six");
        assert_eq!(entries().iter().filter(|e| e.permission.module() == "zoo").count(), 7, "registered once");
        let e = entries().into_iter().find(|e| e.permission == feed).unwrap();
        assert!(e.manager && !e.member);
        assert!(modules().starts_with(&[CORE]));
        for p in Permission::all() {
            assert_eq!(p.to_string().parse::<Permission>(), Ok(p));
        }
    }
}
