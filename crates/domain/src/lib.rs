//! Jobbvei's domain: the types, code lists and rules of Supported Employment, IPS and
//! Utvidet oppfølging as DOMAIN.md defines them.
//!
//! Values are parsed into types here (a [`Fnr`], an [`Orgnr`], a [`StyrkCode`] cannot be
//! invalid), and cross-field rules live beside the records they govern. This crate does
//! no I/O and never reads the clock: time comes in through [`time::Clock`].

pub mod activity;
pub mod ads;
pub mod alerts;
pub mod bounds;
pub mod code;
pub mod codelist;
pub mod course;
pub mod education;
pub mod employer;
pub mod evaluation;
pub mod excel;
pub mod fidelity;
pub mod followup;
pub mod id;
pub mod identity;
pub mod job;
pub mod kpi;
pub mod measure;
pub mod measure_flow;
pub mod organisation;
pub mod outcomes;
pub mod outreach;
pub mod participant;
pub mod pipeline;
pub mod problem;
pub mod profile;
pub mod referrals;
pub mod survival;
pub mod time;

pub use activity::{Activity, ActivityKind, ActivityStatus, Channel, Subcategory};
pub use codelist::{PostalCode, StyrkCode};
pub use course::{Course, EndCause, PassivePeriod, Phase, PhaseEntry, Referral, ReferralDecision};
pub use education::{Education, EducationStatus};
pub use employer::{Employer, EmployerContact, EmployerStage};
pub use followup::{FollowupArea, FollowupCheck};
pub use id::ExtId;
pub use identity::{Fnr, Orgnr};
pub use job::{EndedBy, Job, JobForm, PercentStep};
pub use measure::{Measure, MeasureKind, MeasureStatus};
pub use organisation::{Fte, Method, Office, Role, Team, User};
pub use outreach::{OutreachAttempt, OutreachWay, ParticipantContact};
pub use participant::{NorwegianLevel, Participant};
pub use problem::Problem;
