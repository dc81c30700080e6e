//! First run: a workspace and its owner.

use portico_authz::store as authz_store;
use portico_db::{Db, DbResultExt};
use portico_kernel::locale::Locale;
use portico_kernel::validate::{email as valid_email, password as valid_password, required_text, slugify};
use portico_kernel::{Actor, AppError, Clock, UnitId, UserId, WorkspaceId};

use crate::password;
use crate::users::{self, NewUser};

pub struct OwnerInput<'a> {
    pub workspace_name: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub password: &'a str,
    pub locale: Locale,
}

pub struct Created {
    pub workspace: WorkspaceId,
    pub root_unit: UnitId,
    pub owner: UserId,
}

pub async fn create_workspace_with_owner(
    db: &Db,
    clock: &dyn Clock,
    input: OwnerInput<'_>,
) -> Result<Created, AppError> {
    let ws_name = required_text("workspace", input.workspace_name, 120)?;
    let email = valid_email("email", input.email)?;
    let name = required_text("name", input.name, 120)?;
    let pw = valid_password("password", input.password)?;
    let hash = password::hash(&pw)?;
    let now = clock.now_micros();
    let mut slug = slugify(&ws_name);
    let taken = authz_store::list_workspaces(db.pool()).await?;
    let mut n = 2;
    while taken.iter().any(|w| w.slug == slug) {
        slug = format!("{}-{n}", slugify(&ws_name));
        n += 1;
    }
    // The owner-to-be is the actor of everything setting up makes.
    let owner = UserId::new();
    let actor = Actor::User { id: owner, label: name.clone() };
    let mut tx = db.begin().await?;
    let ws = authz_store::create_workspace(&mut tx, &actor, &ws_name, &slug, input.locale.code(), now).await?;
    let user = NewUser {
        id: owner,
        workspace: ws.id,
        email: &email,
        name: &name,
        password_hash: Some(hash),
        locale: Some(input.locale),
    };
    users::insert(&mut tx, &actor, user, now).await?;
    let owner_role = ws.roles.get("owner").copied().ok_or_else(|| AppError::internal("owner role missing"))?;
    authz_store::insert_grant(&mut tx, &actor, ws.id, owner, owner_role, ws.root_unit, now).await?;
    tx.commit().await.db()?;
    Ok(Created { workspace: ws.id, root_unit: ws.root_unit, owner })
}
