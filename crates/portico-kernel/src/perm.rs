//! Permissions: an action on a module. Roles are sets of permissions.

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Module {
    Core,
    Recruit,
    Desk,
    Partners,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    View,
    Create,
    Edit,
    Delete,
    Export,
    Admin,
}

impl Module {
    pub const ALL: [Module; 4] = [Module::Core, Module::Recruit, Module::Desk, Module::Partners];
    pub fn as_str(self) -> &'static str {
        match self {
            Module::Core => "core",
            Module::Recruit => "recruit",
            Module::Desk => "desk",
            Module::Partners => "partners",
        }
    }
}

impl Action {
    pub const ALL: [Action; 6] =
        [Action::View, Action::Create, Action::Edit, Action::Delete, Action::Export, Action::Admin];
    pub fn as_str(self) -> &'static str {
        match self {
            Action::View => "view",
            Action::Create => "create",
            Action::Edit => "edit",
            Action::Delete => "delete",
            Action::Export => "export",
            Action::Admin => "admin",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Permission {
    pub module: Module,
    pub action: Action,
}

impl Permission {
    pub const fn new(module: Module, action: Action) -> Self {
        Self { module, action }
    }
    pub fn all() -> impl Iterator<Item = Permission> {
        Module::ALL.into_iter().flat_map(|m| Action::ALL.into_iter().map(move |a| Permission::new(m, a)))
    }
}

impl fmt::Display for Permission {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.module.as_str(), self.action.as_str())
    }
}

impl FromStr for Permission {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let (m, a) = s.split_once('.').ok_or(())?;
        let module = Module::ALL.into_iter().find(|x| x.as_str() == m).ok_or(())?;
        let action = Action::ALL.into_iter().find(|x| x.as_str() == a).ok_or(())?;
        Ok(Permission { module, action })
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

/// Parse a stored JSON permission list, skipping names a newer version may have dropped.
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
    fn round_trip() {
        for p in Permission::all() {
            assert_eq!(p.to_string().parse::<Permission>(), Ok(p));
        }
        assert!("recruit.fly".parse::<Permission>().is_err());
        assert_eq!(Permission::all().count(), 24);
    }
}
