//! `jobbvei report referrals`: the zero-exclusion figures by rule `R3@1` (docs/referrals.md),
//! as JSON or as CSV for Norwegian Excel. The web page `/tall/henvisninger` shows the same
//! numbers from the same function.
//!
//! JSON is an array with one object per group and line: `rule`, `group_kind`, `group_id`,
//! `sent`, `accepted`, `rejected`, `unanswered`, `rejected_share` (a percentage of the
//! answered ones, unrounded; `null` when none is answered), `rejected_by_reason` (an object
//! with every reason code), `days_to_decision_median`, `days_to_decision_n`,
//! `days_to_start_median`, `days_to_start_n`. CSV has the same columns, the reasons as
//! `rejected_<code>`, in the format of the outcome report's CSV.

use std::io::Write;

use jobbvei_domain::referrals::RejectReason;
use jobbvei_domain::referrals::report::{Figures, ReferralGroup, ReferralReport, ReferralSpec, compute};
use jobbvei_store::Location;

use crate::cli::{FormatArg, ReferralByArg, ReferralsArgs};
use crate::commands::demo::parse_date;
use crate::commands::output::{EXCEL_BOM, excel_cell, excel_num, json_num, json_text as text};
use crate::error::CliError;

pub async fn run(location: &Location, args: ReferralsArgs) -> Result<(), CliError> {
    let (from, to) = (parse_date(&args.from, "--from")?, parse_date(&args.to, "--to")?);
    if to < from {
        return Err(CliError::Usage("--to must not be before --from".into()));
    }
    let by = match args.by {
        ReferralByArg::Team => ReferralGroup::Team,
        ReferralByArg::Office => ReferralGroup::Office,
        ReferralByArg::All => ReferralGroup::All,
    };
    let db = location.open().await?;
    let data = db.referral_report_data(from, to).await;
    db.close().await;
    let report = compute(&data?, &ReferralSpec { from, to, by });
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match args.format {
        FormatArg::Json => write_json(&report, &mut out),
        FormatArg::Csv => write_csv(&report, &mut out),
    };
    written.and_then(|()| out.flush()).map_err(CliError::io("could not write the report"))
}

fn median(v: Option<f64>) -> String {
    json_num(v)
}

fn json_line(r: &ReferralReport, group: &str, f: &Figures) -> String {
    let reasons: Vec<String> = f.by_reason.iter().map(|(reason, n)| format!("{}:{n}", text(reason.code()))).collect();
    format!(
        "{{\"rule\":{},\"group_kind\":{},\"group_id\":{},\"sent\":{},\"accepted\":{},\"rejected\":{},\"unanswered\":{},\
         \"rejected_share\":{},\"rejected_by_reason\":{{{}}},\"days_to_decision_median\":{},\"days_to_decision_n\":{},\
         \"days_to_start_median\":{},\"days_to_start_n\":{}}}",
        text(r.rule()),
        text(r.by.code()),
        text(group),
        f.sent,
        f.accepted,
        f.rejected,
        f.unanswered,
        json_num(f.rejected_share),
        reasons.join(","),
        median(f.days_to_decision.value),
        f.days_to_decision.n,
        median(f.days_to_start.value),
        f.days_to_start.n,
    )
}

pub fn write_json(r: &ReferralReport, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(b"[")?;
    for (i, (group, f)) in r.group_ids.iter().zip(&r.figures).enumerate() {
        out.write_all(if i == 0 { b"\n" } else { b",\n" })?;
        out.write_all(json_line(r, group, f).as_bytes())?;
    }
    out.write_all(if r.group_ids.is_empty() { b"]\n" } else { b"\n]\n" })
}

pub fn write_csv(r: &ReferralReport, out: &mut dyn Write) -> std::io::Result<()> {
    let reasons: Vec<String> = RejectReason::ALL.iter().map(|x| format!("rejected_{}", x.code())).collect();
    write!(
        out,
        "{EXCEL_BOM}rule;group_kind;group_id;sent;accepted;rejected;unanswered;rejected_share;{};\
         days_to_decision_median;days_to_decision_n;days_to_start_median;days_to_start_n\r\n",
        reasons.join(";")
    )?;
    for (group, f) in r.group_ids.iter().zip(&r.figures) {
        let by_reason: Vec<String> = f.by_reason.iter().map(|(_, n)| n.to_string()).collect();
        write!(
            out,
            "{};{};{};{};{};{};{};{};{};{};{};{};{}\r\n",
            r.rule(),
            r.by.code(),
            excel_cell(group),
            f.sent,
            f.accepted,
            f.rejected,
            f.unanswered,
            excel_num(f.rejected_share),
            by_reason.join(";"),
            excel_num(f.days_to_decision.value),
            f.days_to_decision.n,
            excel_num(f.days_to_start.value),
            f.days_to_start.n,
        )?;
    }
    Ok(())
}
