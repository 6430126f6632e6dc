//! What one KPI load reads ([`Load`]): the courses, jobs and activities the asked figures look
//! at, for the report's dates, and nothing more. At national scale most of a load's time is
//! handing rows over from the engine, so rows no asked figure can count are never read.

use jobbvei_domain::kpi::{DAY_KPIS, Kpi, MARK_KPIS};

/// Which courses a load reads (with the scope's filter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Courses {
    None,
    /// Those that started in the report's dates: all K3 and K5b count.
    Started,
    /// Those open at some time in the report's dates.
    Open,
}

/// Which jobs of the loaded courses a load reads; each reads those of the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Jobs {
    None,
    /// Paid jobs that started in the report's dates: all K7, K8 and K9 count.
    PaidStartedIn,
    /// Paid jobs that overlap the report's dates: all K6 counts.
    PaidOverlapping,
    /// Paid jobs that started by the report's end: K5a and K5b look at each course's first
    /// paid job, and one that started later is counted by neither, as if it were absent.
    PaidStarted,
    /// Every job: the drill-down lists those no figure counts too.
    All,
}

/// What one load reads: the parts the requested figures need, nothing more.
#[derive(Debug, Clone, Copy)]
pub(super) struct Load {
    pub courses: Courses,
    /// The courses' passive periods (K4).
    pub passive: bool,
    pub jobs: Jobs,
    /// Which jobs have a wage subsidy (K5a).
    pub subsidised: bool,
    pub activities: bool,
    /// Each activity's kind, channel, decision maker and subcategory (K1, K1p, K3, K8).
    pub meetings: bool,
    /// Each activity's time out of office and travel (K2).
    pub time: bool,
    /// Each activity's id and employer, for the drill-down.
    pub refs: bool,
    /// K1, K1p and K2 from the day facts (`facts`) rather than from activities.
    pub days: bool,
    /// K3 from the course facts (`marks`) rather than from activities.
    pub course_marks: bool,
    /// K8 from the job facts (`marks`) rather than from activities.
    pub job_marks: bool,
}

impl Load {
    /// Everything, for the drill-down and the callers that compute any figure.
    pub const ALL: Load = Load {
        courses: Courses::Open,
        passive: true,
        jobs: Jobs::All,
        subsidised: true,
        activities: true,
        meetings: true,
        time: true,
        refs: false,
        days: false,
        course_marks: false,
        job_marks: false,
    };

    /// What `kpis` read, with K1, K1p and K2 from the day facts when `days`, and K3 and K8
    /// from the course and job facts when `marks`.
    pub fn of(kpis: &[Kpi], days: bool, marks: bool) -> Load {
        let asks = |k: Kpi| kpis.contains(&k);
        let from_facts = |k: &Kpi| (days && DAY_KPIS.contains(k)) || (marks && MARK_KPIS.contains(k));
        let rest: Vec<Kpi> = kpis.iter().copied().filter(|k| !from_facts(k)).collect();
        // The day facts need no course; the course and job facts are of the courses loaded.
        let courses = kpis
            .iter()
            .filter(|k| k.reads_courses() && !(days && DAY_KPIS.contains(k)))
            .map(|k| if matches!(k, Kpi::K3 | Kpi::K5b) { Courses::Started } else { Courses::Open })
            .max()
            .unwrap_or(Courses::None);
        let jobs = kpis
            .iter()
            .map(|k| match k {
                Kpi::K5a | Kpi::K5b => Jobs::PaidStarted,
                Kpi::K6 => Jobs::PaidOverlapping,
                Kpi::K7 | Kpi::K8 | Kpi::K9 => Jobs::PaidStartedIn,
                _ => Jobs::None,
            })
            .max()
            .unwrap_or(Jobs::None);
        Load {
            courses,
            passive: asks(Kpi::K4),
            jobs,
            subsidised: asks(Kpi::K5a),
            activities: rest.iter().any(|k| k.reads_activities()),
            meetings: rest.iter().any(|k| k.reads_meetings()),
            time: rest.contains(&Kpi::K2),
            refs: false,
            days: days && kpis.iter().any(|k| DAY_KPIS.contains(k)),
            course_marks: marks && asks(Kpi::K3),
            job_marks: marks && asks(Kpi::K8),
        }
    }

    /// The activity columns read, in the order `packed::stored` reads them from a packed record.
    pub fn activity_fields(&self) -> Vec<&'static str> {
        let mut fields =
            if self.meetings { crate::packed::ACTIVITY_FIELDS.to_vec() } else { vec!["a.local_date", "a.status"] };
        if self.time {
            fields.extend(crate::packed::TIME_FIELDS);
        }
        fields
    }
}
