//! The record types of version 1.1, in the order an export writes them: after every 1.0
//! type, and each referring only to types before it (a plan item also to earlier plan items).

use jobbvei_domain::OutreachWay;
use jobbvei_domain::StyrkCode;
use jobbvei_domain::profile::{PlanKind, PlanOwner, PlanStatus, SupportLevel, SupportNeed};

use super::Need::{Blank, Optional as Opt, Required as Req};
use super::Target::{Course, Job, Participant, PlanItem, Team, User};
use super::Val::{Bool, Count, Date, Id, Instant, Ref, Text};
use super::{CaseType, Check, Codes, Field, Need, Val};

macro_rules! codes {
    ($t:ty) => {
        Codes { ok: |s| <$t>::parse(s).is_some(), expected: <$t>::expected }
    };
}

const fn f(name: &'static str, column: &'static str, val: Val, need: Need) -> Field {
    Field { name, column, val, need }
}

/// A field named as its column.
const fn c(name: &'static str, val: Val, need: Need) -> Field {
    Field { name, column: name, val, need }
}

const STYRK: Codes = Codes { ok: |s| StyrkCode::parse(s).is_some(), expected: || "STYRK-08 codes of 4 digits".into() };
/// Lists the pages store as codes joined by commas.
const LIST: Val = Val::List { codes: None, sep: "," };

pub const CASE_TYPES: &[CaseType] = &[
    CaseType {
        name: "participant_registration",
        table: "participant_registration",
        fields: &[
            f("participant", "participant_id", Ref(Participant), Req),
            c("registered_by", Ref(User), Req),
            c("registered_at", Instant, Req),
        ],
        key: &["participant"],
        checks: &[],
    },
    CaseType {
        name: "participant_contact",
        table: "participant_contact",
        fields: &[
            f("participant", "participant_id", Ref(Participant), Req),
            c("phone", Text, Opt),
            c("email", Text, Opt),
            c("interpreter_language", Text, Opt),
            c("updated_at", Instant, Req),
            c("updated_by", Ref(User), Req),
        ],
        key: &["participant"],
        checks: &[],
    },
    CaseType {
        name: "vocational_profile",
        table: "vocational_profile",
        fields: &[
            f("participant", "participant_id", Ref(Participant), Req),
            c("version", Count, Req),
            c("created_at", Instant, Req),
            c("created_by", Ref(User), Req),
            c("wanted_styrk", Val::List { codes: Some(STYRK), sep: ", " }, Blank),
            c("industries", Text, Blank),
            c("tasks", Text, Blank),
            c("hours", Text, Blank),
            c("work_environment", Text, Blank),
            c("geography", Text, Blank),
            c("driving_licence", Text, Blank),
            c("education", Text, Blank),
            c("work_history", Text, Blank),
            c("interests", Text, Blank),
            c("strengths", Text, Blank),
            c("health_considerations", Text, Blank),
            c("warning_signs", Text, Blank),
            c("coping", Text, Blank),
            c("network", Text, Blank),
            c("benefits_planning", Text, Blank),
            c("facilitation", Text, Blank),
        ],
        key: &["participant", "version"],
        checks: &[],
    },
    CaseType {
        name: "disclosure_plan",
        table: "disclosure_plan",
        fields: &[
            f("participant", "participant_id", Ref(Participant), Req),
            c("may_tell", Text, Blank),
            c("must_not_tell", Text, Blank),
            c("employer_contact_consent", Bool, Req),
            c("network_contacts", Text, Blank),
            c("updated_at", Instant, Req),
            c("updated_by", Ref(User), Req),
        ],
        key: &["participant"],
        checks: &[],
    },
    CaseType {
        name: "support_need",
        table: "support_need",
        fields: &[
            c("id", Id, Req),
            f("participant", "participant_id", Ref(Participant), Req),
            c("level", Val::Code(codes!(SupportLevel)), Req),
            c("need", Val::Code(codes!(SupportNeed)), Req),
            f("from", "from_date", Date, Req),
            f("to", "to_date", Date, Opt),
            c("given_by", Text, Blank),
        ],
        key: &["id"],
        checks: &[Check::NotBefore("to", "from"), Check::NeedOfLevel],
    },
    CaseType {
        name: "plan_item",
        table: "plan_item",
        fields: &[
            c("id", Id, Req),
            f("participant", "participant_id", Ref(Participant), Req),
            f("parent", "parent_id", Ref(PlanItem), Opt),
            c("kind", Val::Code(codes!(PlanKind)), Req),
            c("text", Text, Blank),
            c("owner", Val::Code(codes!(PlanOwner)), Req),
            c("deadline", Date, Opt),
            c("status", Val::Code(codes!(PlanStatus)), Req),
        ],
        key: &["id"],
        checks: &[Check::NotOwnParent],
    },
    CaseType {
        name: "referral_detail",
        table: "referral_detail",
        fields: &[
            c("id", Id, Req),
            f("participant", "participant_id", Ref(Participant), Req),
            f("veileder", "veileder_id", Ref(User), Req),
            f("team", "team_id", Ref(Team), Req),
            c("why_now", Text, Opt),
            c("wish", Text, Opt),
            c("support_needs", Text, Opt),
            c("preferred_method", Text, Opt),
            c("consulted_at", Instant, Opt),
            c("decision_text", Text, Opt),
            f("course", "course_id", Ref(Course), Opt),
            c("created_at", Instant, Req),
            c("updated_at", Instant, Req),
        ],
        key: &["id"],
        checks: &[],
    },
    CaseType {
        name: "cooperation_agreement",
        table: "cooperation_agreement",
        fields: &[
            c("id", Id, Req),
            f("course", "course_id", Ref(Course), Req),
            f("job_specialist", "job_specialist_id", Ref(User), Req),
            f("veileder", "veileder_id", Ref(User), Opt),
            c("meeting_date", Date, Req),
            c("took_part", LIST, Blank),
            c("others", Text, Opt),
            c("consent_employers", Bool, Req),
            c("consent_contacts", Bool, Req),
            c("contacts", Text, Opt),
            f("roles_job_specialist", "roles_js", LIST, Blank),
            f("roles_job_specialist_text", "roles_js_text", Text, Opt),
            c("roles_veileder", LIST, Blank),
            c("roles_veileder_text", Text, Opt),
            c("roles_participant", LIST, Blank),
            c("roles_participant_text", Text, Opt),
            c("interpreter_used", Bool, Req),
            c("interpreter_language", Text, Opt),
            c("reach_channel", Text, Opt),
            c("reach_note", Text, Opt),
            c("meta_offered", Bool, Req),
            c("meta_frequency", Text, Opt),
            c("meta_channel", Text, Opt),
            c("meta_disagreement", Text, Opt),
            c("created_by", Ref(User), Req),
            c("created_at", Instant, Req),
            c("updated_by", Ref(User), Req),
            c("updated_at", Instant, Req),
        ],
        key: &["id"],
        checks: &[],
    },
    CaseType {
        name: "passive_plan",
        table: "passive_plan",
        fields: &[
            f("course", "course_id", Ref(Course), Req),
            f("from", "from_date", Date, Req),
            c("planned_to", Date, Req),
        ],
        key: &["course", "from"],
        checks: &[Check::NotBefore("planned_to", "from")],
    },
    CaseType {
        name: "outreach_attempt",
        table: "outreach_attempt",
        fields: &[
            c("id", Id, Req),
            f("course", "course_id", Ref(Course), Req),
            c("tried_on", Date, Req),
            c("way", Val::Code(codes!(OutreachWay)), Req),
            c("reached", Bool, Req),
            f("user", "user_id", Ref(User), Req),
            c("created_at", Instant, Req),
        ],
        key: &["id"],
        checks: &[],
    },
    CaseType {
        name: "interval_report",
        table: "interval_report",
        fields: &[
            f("course", "course_id", Ref(Course), Req),
            c("number", Count, Req),
            c("summary", Text, Opt),
            c("next_steps", Text, Opt),
            c("updated_by", Ref(User), Req),
            c("updated_at", Instant, Req),
            c("shared_by", Ref(User), Opt),
            c("shared_at", Instant, Opt),
        ],
        key: &["course", "number"],
        checks: &[],
    },
    CaseType {
        name: "handover_plan",
        table: "course_handover",
        fields: &[
            f("course", "course_id", Ref(Course), Req),
            c("follow_up_by", Text, Blank),
            c("agreed", Text, Blank),
            c("veileder_told", Bool, Req),
            c("created_by", Ref(User), Req),
            c("created_at", Instant, Req),
        ],
        key: &["course"],
        checks: &[],
    },
    CaseType {
        name: "placement_purpose",
        table: "placement_purpose",
        fields: &[
            f("job", "job_id", Ref(Job), Req),
            c("purpose", Text, Blank),
            c("updated_at", Instant, Req),
            c("updated_by", Ref(User), Req),
        ],
        key: &["job"],
        checks: &[],
    },
];
