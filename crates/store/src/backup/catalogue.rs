//! Every table a backup carries, with its columns' kinds and its key, and every table it
//! leaves out and why. The store's test `every_table_is_backed_up_or_excluded` compares this
//! list with the live schema on both engines, so a migration that adds a table or a column
//! fails the tests until it is listed here.

/// How a column's value is read, written to the backup and bound again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// `DATE` / `TEXT` `YYYY-MM-DD`
    Date,
    /// `TIMESTAMPTZ` / RFC 3339 text
    Instant,
    /// `BOOLEAN` / `INTEGER` 0 or 1
    Bool,
    /// `BIGINT` / `INTEGER`
    Int,
    /// `DOUBLE PRECISION` / `REAL`
    Float,
}

/// One table as a backup sees it.
#[derive(Debug)]
pub struct BackupTable {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    /// The primary key: rows are written in its order, bytewise on both engines.
    pub key: &'static [&'static str],
    /// A column that refers to another row of the same table (a plan item's parent). It is
    /// restored after all the table's rows, so key order never breaks the reference.
    pub self_ref: Option<&'static str>,
    /// The key is a generated number whose sequence must go on after the restored rows.
    pub serial: bool,
}

impl BackupTable {
    pub fn column(&self, name: &str) -> Option<Kind> {
        self.columns.iter().find(|(c, _)| *c == name).map(|(_, k)| *k)
    }
}

/// A table a backup leaves out on purpose.
#[derive(Debug)]
pub struct Excluded {
    pub name: &'static str,
    pub why: &'static str,
}

use Kind::{Bool as B, Date as D, Float as F, Instant as I, Int as N, Text as T};

macro_rules! table {
    ($name:literal [$($k:literal),+] $(self_ref $sr:literal)? $(serial $serial:literal)? { $($col:literal $kind:ident),+ $(,)? }) => {
        BackupTable {
            name: $name,
            columns: &[$(($col, $kind)),+],
            key: &[$($k),+],
            self_ref: table!(@opt $($sr)?),
            serial: table!(@serial $($serial)?),
        }
    };
    (@opt $sr:literal) => { Some($sr) };
    (@opt) => { None };
    (@serial $s:literal) => { $s };
    (@serial) => { false };
}

/// In restore order: every table refers only to tables before it (and `self_ref`).
pub const TABLES: &[BackupTable] = &[
    // The exchange format's records (0001), with the columns it derives or leaves out.
    table!("office" ["id"] { "id" T, "name" T }),
    table!("team" ["id"] { "id" T, "office_id" T, "name" T, "method" T }),
    table!("app_user" ["id"] {
        "id" T, "name" T, "roles" T, "team_id" T, "fte" F, "username" T, "email" T, "disabled_at" I
    }),
    table!("employer" ["id"] {
        "id" T, "orgnr" T, "name" T, "name_search" T, "municipality" T, "industry" T, "stage" T, "holder_id" T
    }),
    table!("employer_contact" ["id"] {
        "id" T, "employer_id" T, "name" T, "decision_maker" B, "phone" T, "email" T
    }),
    table!("participant" ["id"] {
        "id" T, "name" T, "name_search" T, "fnr" T, "postal_code" T, "birth_year" N, "norwegian_level" T,
        "interpreter" B, "veileder_id" T, "confidential" B
    }),
    table!("referral" ["id"] {
        "id" T, "participant_id" T, "veileder_id" T, "team_id" T, "sent" D, "decision" T, "decided" D, "reason" T
    }),
    table!("course" ["id"] {
        "id" T, "participant_id" T, "method" T, "job_specialist_id" T, "start_date" D, "referred" D,
        "end_date" D, "end_cause" T, "end_cause_detail" T
    }),
    table!("course_phase" ["course_id", "from_date"] { "course_id" T, "from_date" D, "phase" T }),
    table!("passive_period" ["course_id", "from_date"] { "course_id" T, "from_date" D, "to_date" D, "reason" T }),
    table!("job" ["id"] {
        "id" T, "course_id" T, "employer_id" T, "form" T, "start_date" D, "title" T, "styrk" T, "paid" B,
        "ordinary_terms" B, "hours_per_week" F, "probation_end" D, "planned_end" D, "end_date" D,
        "ended_by" T, "end_reason" T, "extensions" N
    }),
    table!("job_percent" ["job_id", "from_date"] { "job_id" T, "from_date" D, "percent" F }),
    table!("education" ["id"] {
        "id" T, "course_id" T, "level" T, "start_date" D, "status" T, "programme" T, "institution" T, "end_date" D
    }),
    table!("measure" ["id"] {
        "id" T, "course_id" T, "kind" T, "status" T, "job_id" T, "percent" F, "hours" F, "amount_nok" F,
        "from_date" D, "to_date" D, "decided_by" T, "reason" T, "note" T
    }),
    table!("activity" ["id"] {
        "id" T, "user_id" T, "kind" T, "start_at" I, "local_date" D, "minutes" N, "status" T, "channel" T,
        "out_of_office" B, "travel_to" N, "travel_from" N, "course_id" T, "employer_id" T, "contact_id" T,
        "decision_maker" B, "subcategory" T, "place" T, "note" T
    }),
    table!("followup_check" ["id"] {
        "id" T, "course_id" T, "job_id" T, "due" D, "done" D, "areas" T, "note" T
    }),
    // Accounts and the audit log (0002).
    table!("credential" ["user_id"] {
        "user_id" T, "password_hash" T, "failed_attempts" N, "locked_until" I
    }),
    table!("api_token" ["token_hash"] {
        "token_hash" T, "user_id" T, "created_at" I, "last_used_at" I, "id" T, "name" T, "expires_at" I, "revoked_at" I
    }),
    table!("audit_log" ["id"] serial true {
        "id" N, "at" I, "user_id" T, "username" T, "role" T, "action" T, "record_type" T, "record_id" T,
        "fields" T, "ip" T, "outcome" T
    }),
    // Jobbvei's own records (0003 on).
    table!("review" ["id"] {
        "id" T, "team_id" T, "instrument" T, "version" T, "period_from" D, "period_to" D, "kind" T, "status" T,
        "created_by" T, "created_at" I
    }),
    table!("review_reviewer" ["review_id", "user_id"] { "review_id" T, "user_id" T }),
    table!("review_score" ["review_id", "item", "reviewer_id"] {
        "review_id" T, "item" N, "reviewer_id" T, "score" N, "evidence" T, "recommendation" T
    }),
    table!("review_action" ["id"] { "id" T, "review_id" T, "what" T, "who" T, "due" D, "done" D }),
    table!("measure_quota" ["office_id", "kind", "month"] { "office_id" T, "kind" T, "month" T, "max" N }),
    table!("measure_event" ["id"] serial true {
        "id" N, "measure_id" T, "at" I, "user_id" T, "from_status" T, "to_status" T, "reason" T, "over_quota" B
    }),
    table!("course_handover" ["course_id"] {
        "course_id" T, "follow_up_by" T, "agreed" T, "veileder_told" B, "created_by" T, "created_at" I
    }),
    table!("vocational_profile" ["participant_id", "version"] {
        "participant_id" T, "version" N, "created_at" I, "created_by" T, "wanted_styrk" T, "industries" T,
        "tasks" T, "hours" T, "work_environment" T, "geography" T, "driving_licence" T, "education" T,
        "work_history" T, "interests" T, "strengths" T, "health_considerations" T, "warning_signs" T,
        "coping" T, "network" T, "benefits_planning" T, "facilitation" T
    }),
    table!("disclosure_plan" ["participant_id"] {
        "participant_id" T, "may_tell" T, "must_not_tell" T, "employer_contact_consent" B,
        "network_contacts" T, "updated_at" I, "updated_by" T
    }),
    table!("support_need" ["id"] {
        "id" T, "participant_id" T, "level" T, "need" T, "from_date" D, "to_date" D, "given_by" T
    }),
    table!("plan_item" ["id"] self_ref "parent_id" {
        "id" T, "participant_id" T, "parent_id" T, "kind" T, "text" T, "owner" T, "deadline" D, "status" T
    }),
    table!("notification" ["id"] serial true {
        "id" N, "user_id" T, "kind" T, "record_type" T, "record_id" T, "link" T, "text" T, "created_at" I,
        "read_at" I, "mailed_at" I, "mail_claimed_at" I
    }),
    table!("alert_digest" ["user_id", "day"] { "user_id" T, "day" D, "alerts" N, "mailed_at" I }),
    table!("placement_purpose" ["job_id"] { "job_id" T, "purpose" T, "updated_at" I, "updated_by" T }),
    table!("employer_requirement" ["id"] {
        "id" T, "employer_id" T, "text" T, "added_at" I, "added_by" T
    }),
    table!("participant_contact" ["participant_id"] {
        "participant_id" T, "phone" T, "email" T, "interpreter_language" T, "updated_at" I, "updated_by" T
    }),
    table!("passive_plan" ["course_id", "from_date"] { "course_id" T, "from_date" D, "planned_to" D }),
    table!("outreach_attempt" ["id"] {
        "id" T, "course_id" T, "tried_on" D, "way" T, "reached" B, "user_id" T, "created_at" I
    }),
    table!("referral_detail" ["id"] {
        "id" T, "participant_id" T, "veileder_id" T, "team_id" T, "why_now" T, "wish" T, "support_needs" T,
        "preferred_method" T, "consulted_at" I, "decision_text" T, "course_id" T, "created_at" I, "updated_at" I
    }),
    table!("cooperation_agreement" ["id"] {
        "id" T, "course_id" T, "job_specialist_id" T, "veileder_id" T, "meeting_date" D, "took_part" T,
        "others" T, "consent_employers" B, "consent_contacts" B, "contacts" T, "roles_js" T, "roles_js_text" T,
        "roles_veileder" T, "roles_veileder_text" T, "roles_participant" T, "roles_participant_text" T,
        "interpreter_used" B, "interpreter_language" T, "reach_channel" T, "reach_note" T, "meta_offered" B,
        "meta_frequency" T, "meta_channel" T, "meta_disagreement" T, "created_by" T, "created_at" I,
        "updated_by" T, "updated_at" I
    }),
    table!("interval_report" ["course_id", "number"] {
        "course_id" T, "number" N, "summary" T, "next_steps" T, "updated_by" T, "updated_at" I, "shared_by" T,
        "shared_at" I
    }),
    table!("participant_registration" ["participant_id"] {
        "participant_id" T, "registered_by" T, "registered_at" I
    }),
    table!("anonymisation" ["participant_id"] { "participant_id" T, "anonymised_at" I, "as_of" D, "years" N }),
    // Job ads (0018): the feed can be read again, but what participants marked refers to them.
    table!("job_ad" ["uuid"] {
        "uuid" T, "status" T, "changed_ms" N, "title" T, "employer_name" T, "orgnr" T, "styrk" T, "styrk_raw" T,
        "municipality" T, "county" T, "place_raw" T, "extent" T, "requires_licence" B, "industry" T,
        "published" D, "expires" D, "application_url" T, "contact_name" T, "contact_email" T, "contact_phone" T,
        "imported_at" I
    }),
    table!("job_ad_mark" ["participant_id", "ad_uuid"] {
        "participant_id" T, "ad_uuid" T, "mark" T, "marked_at" I, "marked_by" T
    }),
    table!("employer_hold" ["employer_id"] { "employer_id" T, "holder_id" T, "since" D }),
    table!("employer_release_notice" ["employer_id", "holder_id", "release_on"] {
        "employer_id" T, "holder_id" T, "release_on" D, "sent_at" I
    }),
    table!("activity_candidate" ["activity_id"] { "activity_id" T, "marked_by" T, "marked_at" I }),
];

/// Tables a backup does not carry.
pub const EXCLUDED: &[Excluded] = &[
    Excluded {
        name: "schema_migration",
        why: "the migration ledger: the restoring binary migrates the empty database itself, and the \
              backup's header says which schema version it was made at",
    },
    Excluded {
        name: "login_session",
        why: "sign-in sessions: a restored database starts with everyone signed out, and a session is \
              of no use without the browser cookie that holds its secret",
    },
    Excluded {
        name: "oidc_login",
        why: "NAV-account sign-ins under way, each valid for ten minutes and only to its own browser",
    },
    Excluded {
        name: "login_failure",
        why: "the sign-in throttle's failed attempts of the last fifteen minutes, hashed: of no use later",
    },
    Excluded {
        name: "job_lease",
        why: "which app instance runs background work now: the restored service's instances claim anew",
    },
    Excluded {
        name: "activity_day",
        why: "day facts for K1, K1p and K2, derived from the activities: the restore computes them anew \
              (docs/facts.md)",
    },
    Excluded {
        name: "course_fact",
        why: "course facts for K3 (first K1p meeting), derived from the courses and activities: the restore \
              computes them anew (docs/facts.md)",
    },
    Excluded {
        name: "job_fact",
        why: "job facts for K8 (months with follow-up), derived from the jobs and activities: the restore \
              computes them anew (docs/facts.md)",
    },
    Excluded {
        name: "kpi_fact_version",
        why: "the rule versions the day facts were built with: the restore writes the restoring binary's",
    },
    Excluded {
        name: "job_ad_generation",
        why: "a counter that changes with every write of the job ads, so kept suggestions are known to be \
              current: the restore's own writes of the ads move it",
    },
    Excluded {
        name: "case_stamp",
        why: "per user, a counter that changes with every write of their courses, so kept caseloads are known \
              to be current: the restore raises its own",
    },
];

/// The table of that name, if a backup carries it.
pub fn table(name: &str) -> Option<&'static BackupTable> {
    TABLES.iter().find(|t| t.name == name)
}
