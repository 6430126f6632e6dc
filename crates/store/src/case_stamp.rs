//! Reading the case stamps (migration 0031): a user's stamp is their own row's number plus
//! the epoch's (the row with the empty user id, which a bulk load raises).

/// SQL for the stamp of the user whose id `user` names (a column or a parameter), with the
/// epoch; 0 for a user nobody has written for yet.
///
/// Two look-ups by key, not `SUM(n) … WHERE user_id IN (user, '')`: PostgreSQL planned that
/// form as a scan of the whole table, which is small but hot-updated, so it held up to a
/// thousand row versions. It cost about 0.07 ms on every request (the session reads the
/// viewer's stamp) and as much again for every course on the participant page.
pub(crate) fn stamp_sql(user: &str) -> String {
    format!(
        "(COALESCE((SELECT k.n FROM case_stamp k WHERE k.user_id = {user}), 0) \
         + COALESCE((SELECT e.n FROM case_stamp e WHERE e.user_id = ''), 0))"
    )
}
