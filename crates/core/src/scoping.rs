//! Where an operator may work, from the directory's role assignments and their
//! `directoryScopeId` (not the `wids` claim, which lists tenant-wide, active roles only):
//! the whole tenant, or a set of administrative units with one chosen; a station can be
//! pinned to one unit by managed configuration (policy key `station.administrativeUnitId`).

use qrstation_graph::ops::RoleAssignment;

/// Roles whose holders may manage other people's QR code + PIN methods.
const MANAGING: &[&str] = &[
    crate::roles::ids::GLOBAL_ADMIN,
    crate::roles::ids::PRIV_AUTH_ADMIN,
    crate::roles::ids::AUTH_ADMIN,
];

/// Where the operator's managing role applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// A managing role over the whole tenant (an optional unit filter may still be chosen).
    TenantWide {
        /// The unit filter, if any.
        chosen: Option<String>,
    },
    /// Managing roles only in these units (ids); `chosen` is the one worked in.
    Units {
        /// Unit ids, in assignment order, without duplicates.
        units: Vec<String>,
        /// The unit worked in (the only one, the pinned one, or the picker's choice).
        chosen: Option<String>,
    },
    /// No managing role at all.
    None,
}

impl Scope {
    /// The scope the assignments give; `pinned` (managed configuration) narrows it to that
    /// unit, which must be one of the operator's units unless the role is tenant-wide.
    pub fn from_assignments(assignments: &[RoleAssignment], pinned: Option<&str>) -> Scope {
        let managing = assignments.iter().filter(|a| {
            MANAGING
                .iter()
                .any(|m| a.role_definition_id.eq_ignore_ascii_case(m))
        });
        let mut units: Vec<String> = Vec::new();
        let mut tenant_wide = false;
        for a in managing {
            if a.is_tenant_wide() {
                tenant_wide = true;
            } else if let Some(id) = a.unit_id() {
                if !units.iter().any(|u| u.eq_ignore_ascii_case(id)) {
                    units.push(id.to_owned());
                }
            }
        }
        let pinned = pinned.map(str::trim).filter(|p| !p.is_empty());
        if tenant_wide {
            return Scope::TenantWide {
                chosen: pinned.map(str::to_owned),
            };
        }
        if units.is_empty() {
            return Scope::None;
        }
        let chosen = match pinned {
            Some(p) => units.iter().find(|u| u.eq_ignore_ascii_case(p)).cloned(),
            None if units.len() == 1 => units.first().cloned(),
            None => None,
        };
        if let Some(p) = pinned {
            // Pinned to a unit the operator holds no role in: nothing to work on.
            if chosen.is_none() {
                tracing::warn!(
                    unit = p,
                    "station pinned to a unit outside the operator's scope"
                );
                return Scope::Units {
                    units: vec![],
                    chosen: None,
                };
            }
            units.retain(|u| u.eq_ignore_ascii_case(p));
        }
        Scope::Units { units, chosen }
    }

    /// Pins the station to `unit_id` (the policy value `station.administrativeUnitId`).
    pub fn pin_to_unit(self, unit_id: &str) -> Scope {
        match self {
            Scope::TenantWide { .. } => Scope::TenantWide {
                chosen: Some(unit_id.to_owned()),
            },
            Scope::Units { units, .. } => {
                let ok = units.iter().any(|u| u.eq_ignore_ascii_case(unit_id));
                Scope::Units {
                    units: if ok { vec![unit_id.to_owned()] } else { vec![] },
                    chosen: ok.then(|| unit_id.to_owned()),
                }
            }
            Scope::None => Scope::None,
        }
    }

    /// Whether the operator may manage anyone's methods somewhere (the kiosk's manager check).
    pub fn may_manage(&self) -> bool {
        match self {
            Scope::TenantWide { .. } => true,
            Scope::Units { units, .. } => !units.is_empty(),
            Scope::None => false,
        }
    }

    /// The unit whose members the station lists, if the view is narrowed to one.
    pub fn chosen_unit(&self) -> Option<&str> {
        match self {
            Scope::TenantWide { chosen } | Scope::Units { chosen, .. } => chosen.as_deref(),
            Scope::None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(role: &str, scope: &str) -> RoleAssignment {
        serde_json::from_value(serde_json::json!({
            "id": "x", "principalId": "p", "roleDefinitionId": role, "directoryScopeId": scope
        }))
        .expect("assignment")
    }

    #[test]
    fn unit_scoped_roles_give_units_and_tenant_wide_wins() {
        let aa = crate::roles::ids::AUTH_ADMIN;
        let one = [a(aa, "/administrativeUnits/u1")];
        let s = Scope::from_assignments(&one, None);
        assert_eq!(s.chosen_unit(), Some("u1"));
        assert!(s.may_manage());
        let two = [
            a(aa, "/administrativeUnits/u1"),
            a(aa, "/administrativeUnits/u2"),
        ];
        let s = Scope::from_assignments(&two, None);
        assert_eq!(s.chosen_unit(), None, "a picker is needed");
        assert_eq!(
            Scope::from_assignments(&two, Some("u2")).chosen_unit(),
            Some("u2")
        );
        assert!(!Scope::from_assignments(&two, Some("u9")).may_manage());
        let reader = [a(crate::roles::ids::GLOBAL_READER, "/")];
        assert_eq!(Scope::from_assignments(&reader, None), Scope::None);
        let both = [a(aa, "/administrativeUnits/u1"), a(aa, "/")];
        assert!(matches!(
            Scope::from_assignments(&both, None),
            Scope::TenantWide { chosen: None }
        ));
        assert_eq!(
            Scope::from_assignments(&one, None)
                .pin_to_unit("u1")
                .chosen_unit(),
            Some("u1")
        );
    }
}
