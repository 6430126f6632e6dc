//! Reading the case stamps (migration 0031): a user's stamp is their own row's number plus
//! the epoch's (the row with the empty user id, which a bulk load raises).

/// SQL for the stamp of the user whose id `user` names (a column or a parameter), with the
/// epoch; 0 for a user nobody has written for yet.
///
/// Two look-ups by key. Until migration 0034 the table's user ids had the server's default
/// collation on PostgreSQL, unlike every id they are compared with, so no form of this
/// could use the key's index: the session read scanned the hot-updated table (up to a
/// thousand row versions, about 0.1 ms) on every request.
pub(crate) fn stamp_sql(user: &str) -> String {
    format!(
        "(COALESCE((SELECT k.n FROM case_stamp k WHERE k.user_id = {user}), 0) \
         + COALESCE((SELECT e.n FROM case_stamp e WHERE e.user_id = ''), 0))"
    )
}
