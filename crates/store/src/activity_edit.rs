//! Changing one activity after it was logged: what the access rules need to know about it,
//! and a replace that refuses when someone else changed the activity in between, so an
//! edit made from an old form never silently undoes another.

use jobbvei_domain::Activity;
use sqlx::AssertSqlSafe;

use crate::engine::Col;
use crate::mapping;
use crate::write::on_tx;
use crate::{Db, StoreError, Tx, on_pool};

/// An activity with whose it is: its participant (through its course) and its owner's team.
#[derive(Debug, Clone, PartialEq)]
pub struct EditableActivity {
    pub activity: Activity,
    pub participant_id: Option<String>,
    /// The team of the user who logged the activity; their team lead may change it too.
    pub owner_team: Option<String>,
}

fn select_one() -> String {
    let cols = mapping::ACTIVITY.columns.iter().map(|c| format!("x.{c}")).collect::<Vec<_>>().join(", ");
    format!(
        "SELECT {cols}, c.participant_id, u.team_id FROM activity x LEFT JOIN course c ON c.id = x.course_id \
         LEFT JOIN app_user u ON u.id = x.user_id WHERE x.id = $1"
    )
}

impl Db {
    pub async fn editable_activity(&self, id: &str) -> Result<Option<EditableActivity>, StoreError> {
        let n = mapping::ACTIVITY.columns.len();
        on_pool!(self, p => {
            let Some(r) = sqlx::query(AssertSqlSafe(select_one())).bind(id).fetch_optional(p).await? else {
                return Ok(None);
            };
            Ok(Some(EditableActivity {
                activity: mapping::read_activity(&r)?,
                participant_id: r.opt_text(n)?,
                owner_team: r.opt_text(n + 1)?,
            }))
        })
    }
}

impl Tx {
    /// Replaces the stored activity with `after` (same id) when it still equals `before`, and
    /// answers whether it did. On PostgreSQL the row stays locked until commit, and on SQLite
    /// the first write takes the database's write lock, so two edits cannot both pass the check.
    pub async fn replace_activity(&mut self, before: &Activity, after: &Activity) -> Result<bool, StoreError> {
        if before.id != after.id {
            return Ok(false);
        }
        let id = before.id.as_str();
        let sql = format!("{} WHERE id = $1", mapping::ACTIVITY.select_all());
        let stored = on_tx!(&mut self.0, t => {
            sqlx::query("UPDATE activity SET id = id WHERE id = $1").bind(id).execute(&mut **t).await?;
            sqlx::query(AssertSqlSafe(sql)).bind(id).fetch_optional(&mut **t).await?
                .map(|r| mapping::read_activity(&r)).transpose()?
        });
        if stored.as_ref() != Some(before) {
            return Ok(false);
        }
        self.upsert_activities(std::slice::from_ref(after)).await?;
        Ok(true)
    }
}
