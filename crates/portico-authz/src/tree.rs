use std::collections::HashMap;

use portico_kernel::UnitId;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct UnitNode {
    pub id: UnitId,
    pub parent: Option<UnitId>,
    pub name: String,
    pub kind: String,
}

/// The units of one workspace, loaded whole (a workspace has hundreds, not millions).
#[derive(Debug, Clone, Default)]
pub struct UnitTree {
    nodes: HashMap<UnitId, UnitNode>,
    children: HashMap<UnitId, Vec<UnitId>>,
    root: Option<UnitId>,
}

impl UnitTree {
    pub fn new(nodes: Vec<UnitNode>) -> Self {
        let mut tree = UnitTree::default();
        for n in &nodes {
            match n.parent {
                Some(p) => tree.children.entry(p).or_default().push(n.id),
                None => tree.root = Some(n.id),
            }
        }
        for kids in tree.children.values_mut() {
            kids.sort();
        }
        tree.nodes = nodes.into_iter().map(|n| (n.id, n)).collect();
        tree
    }

    pub fn root(&self) -> Option<UnitId> {
        self.root
    }

    pub fn get(&self, id: UnitId) -> Option<&UnitNode> {
        self.nodes.get(&id)
    }

    pub fn contains(&self, id: UnitId) -> bool {
        self.nodes.contains_key(&id)
    }

    /// The unit and everything below it.
    pub fn subtree(&self, id: UnitId) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(u) = stack.pop() {
            if !self.nodes.contains_key(&u) || out.contains(&u) {
                continue;
            }
            out.push(u);
            if let Some(kids) = self.children.get(&u) {
                stack.extend(kids.iter().rev());
            }
        }
        out
    }

    /// Is `unit` equal to or below `ancestor`?
    pub fn is_within(&self, unit: UnitId, ancestor: UnitId) -> bool {
        let mut cur = Some(unit);
        let mut steps = 0;
        while let Some(u) = cur {
            if u == ancestor {
                return true;
            }
            cur = self.nodes.get(&u).and_then(|n| n.parent);
            steps += 1;
            if steps > self.nodes.len() {
                return false;
            }
        }
        false
    }

    /// "Region › Franchise › Agency", for display.
    pub fn path_name(&self, id: UnitId) -> String {
        let mut parts = Vec::new();
        let mut cur = self.nodes.get(&id);
        while let Some(n) = cur {
            parts.push(n.name.as_str());
            cur = n.parent.and_then(|p| self.nodes.get(&p));
            if parts.len() > self.nodes.len() {
                break;
            }
        }
        parts.reverse();
        parts.join(" › ")
    }

    /// Units in depth-first order with their depth, for indented lists.
    pub fn ordered(&self) -> Vec<(usize, &UnitNode)> {
        let mut out = Vec::new();
        let mut stack: Vec<(usize, UnitId)> = self.root.map(|r| vec![(0, r)]).unwrap_or_default();
        while let Some((depth, u)) = stack.pop() {
            if let Some(n) = self.nodes.get(&u) {
                out.push((depth, n));
                if let Some(kids) = self.children.get(&u) {
                    let mut kids: Vec<_> = kids.iter().filter_map(|k| self.nodes.get(k)).collect();
                    kids.sort_by_key(|k| std::cmp::Reverse(k.name.to_lowercase()));
                    stack.extend(kids.into_iter().map(|k| (depth + 1, k.id)));
                }
            }
        }
        out
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: UnitId, parent: Option<UnitId>, name: &str) -> UnitNode {
        UnitNode { id, parent, name: name.into(), kind: String::new() }
    }

    #[test]
    fn subtree_and_paths() {
        let (root, north, south, lille) = (UnitId::new(), UnitId::new(), UnitId::new(), UnitId::new());
        let t = UnitTree::new(vec![
            node(root, None, "Acme"),
            node(north, Some(root), "North"),
            node(south, Some(root), "South"),
            node(lille, Some(north), "Lille"),
        ]);
        let mut sub = t.subtree(north);
        sub.sort();
        let mut expected = vec![north, lille];
        expected.sort();
        assert_eq!(sub, expected);
        assert!(t.is_within(lille, root));
        assert!(!t.is_within(lille, south));
        assert_eq!(t.path_name(lille), "Acme › North › Lille");
        let names: Vec<_> = t.ordered().iter().map(|(d, n)| format!("{d}{}", n.name)).collect();
        assert_eq!(names, ["0Acme", "1North", "2Lille", "1South"]);
    }
}
