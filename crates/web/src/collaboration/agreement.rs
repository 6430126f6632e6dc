//! The cooperation agreement (samarbeidsavtale) as a form: what a three-party meeting
//! records (DOMAIN.md §3 point 2), its checklists and how it is read. A date ahead plans
//! the meeting, and then only the date is needed; a meeting that has taken place needs the
//! participant among those present and who does what for each of the three.

use chrono::NaiveDate;
use jobbvei_store::{Agreement, PairAgreement, RoleSplit};

use crate::keep::form::{self, Field, FieldKind, Reader, Typed, day};
use crate::keep::{CourseCase, ENDED};
use crate::profile::FREE_TEXT_NOTE;

pub(crate) const TOOK_PART: &[(&str, &str)] =
    &[("deltaker", "Deltakeren"), ("jobbspesialist", "Jobbspesialisten"), ("veileder", "Veilederen i NAV")];

pub(crate) const ROLES_JS: &[(&str, &str)] = &[
    ("kartlegge", "Kartlegger ønsker, erfaring og ferdigheter sammen med deltakeren"),
    ("arbeidsgivere", "Finner og kontakter arbeidsgivere"),
    ("soke_tiltak", "Søker om tiltak og tilskudd når det trengs"),
    ("folge_opp", "Følger opp deltakeren og arbeidsgiveren på arbeidsplassen"),
    ("orientere", "Holder veilederen orientert"),
];

pub(crate) const ROLES_VEILEDER: &[(&str, &str)] = &[
    ("ytelser", "Har ansvar for ytelser og økonomi"),
    ("vedtak", "Fatter vedtak om tiltak og tilskudd"),
    ("aktivitetsplan", "Følger opp aktivitetsplanen"),
    ("gevinst", "Regner ut hva det lønner seg å jobbe før jobbstart"),
    ("trepart", "Deltar i trepartssamtaler"),
];

pub(crate) const ROLES_PARTICIPANT: &[(&str, &str)] = &[
    ("mote", "Møter til avtaler, eller gir beskjed om det ikke passer"),
    ("si_fra", "Sier fra om ønsker og endringer"),
    ("soke", "Søker jobber sammen med jobbspesialisten"),
    ("cv", "Lager CV sammen med jobbspesialisten"),
];

pub(crate) const REACH: &[(&str, &str)] = &[
    ("telefon", "Ringe"),
    ("sms", "SMS"),
    ("epost", "E-post"),
    ("digitalt", "Melding på nav.no"),
    ("mote", "Møte ansikt til ansikt"),
];

pub(crate) const META_FREQUENCY: &[(&str, &str)] = &[
    ("ukentlig", "Hver uke"),
    ("annenhver_uke", "Annenhver uke"),
    ("manedlig", "Hver måned"),
    ("ved_endringer", "Når noe endrer seg"),
];

pub(crate) const META_CHANNEL: &[(&str, &str)] = &[
    ("telefon", "Telefon"),
    ("epost", "E-post"),
    ("video", "Videomøte"),
    ("mote", "Møte"),
    ("varsler", "Varsler i Jobbvei"),
];

pub(crate) fn label(list: &[(&str, &'static str)], code: &str) -> &'static str {
    list.iter().find(|(c, _)| *c == code).map_or("", |(_, l)| l)
}

fn section(name: &'static str, label: &'static str, hint: &'static str) -> Field {
    Field::new(name, label, FieldKind::Section).hint(hint)
}

/// The form's fields; the pair's own agreement only when it is offered.
pub(crate) fn fields(meta: bool) -> Vec<Field> {
    let mut out = vec![
        section(
            "del_mote",
            "Trepartssamtalen",
            "En dato fram i tid planlegger samtalen. Resten fylles ut når dere har møttes.",
        ),
        Field::new("meeting_date", "Dato for samtalen", FieldKind::Date),
        Field::new("took_part", "Hvem var med", FieldKind::Checks).options(TOOK_PART.iter().copied()),
        Field::new("others", "Andre som var med", FieldKind::Text)
            .optional()
            .hint("Rolle, for eksempel tolk eller mentor."),
        section("del_samtykke", "Samtykke", ""),
        Field::new(
            "consent_employers",
            "Deltakeren samtykker til at jobbspesialisten kontakter arbeidsgivere",
            FieldKind::Check,
        ),
        Field::new(
            "consent_contacts",
            "Deltakeren samtykker til at vi snakker med navngitte personer i nettverket eller helsetjenesten",
            FieldKind::Check,
        ),
        Field::new("contacts", "Hvem vi kan snakke med (navn og rolle)", FieldKind::TextArea)
            .optional()
            .hint("Vises bare for jobbspesialisten og teamlederen, og på utskriften til deltakeren."),
        section("del_roller", "Hvem gjør hva", FREE_TEXT_NOTE),
        Field::new("roles_js", "Jobbspesialisten", FieldKind::Checks).optional().options(ROLES_JS.iter().copied()),
        Field::new("roles_js_text", "Annet jobbspesialisten gjør", FieldKind::TextArea).optional(),
        Field::new("roles_veileder", "Veilederen i NAV", FieldKind::Checks)
            .optional()
            .options(ROLES_VEILEDER.iter().copied()),
        Field::new("roles_veileder_text", "Annet veilederen gjør", FieldKind::TextArea).optional(),
        Field::new("roles_participant", "Deltakeren", FieldKind::Checks)
            .optional()
            .options(ROLES_PARTICIPANT.iter().copied()),
        Field::new("roles_participant_text", "Annet deltakeren gjør", FieldKind::TextArea).optional(),
        section("del_kontakt", "Tolk og kontakt", ""),
        Field::new("interpreter_used", "Tolk ble brukt i samtalen", FieldKind::Check),
        Field::new("interpreter_language", "Tolkespråk", FieldKind::Text).optional(),
        Field::new("reach_channel", "Slik vil deltakeren helst bli kontaktet", FieldKind::Select)
            .optional()
            .options(REACH.iter().copied()),
        Field::new("reach_note", "Mer om kontakt", FieldKind::Text).optional().hint("For eksempel tider på dagen."),
    ];
    if meta {
        out.extend([
            section(
                "del_samarbeid",
                "Samarbeidet mellom jobbspesialist og veileder",
                "Dere har ikke hatt en deltaker sammen før. Avtal hvordan dere holder hverandre oppdatert.",
            ),
            Field::new("meta_frequency", "Hvor ofte dere oppdaterer hverandre", FieldKind::Select)
                .optional()
                .options(META_FREQUENCY.iter().copied()),
            Field::new("meta_channel", "Hvordan", FieldKind::Select).optional().options(META_CHANNEL.iter().copied()),
            Field::new("meta_disagreement", "Slik løser dere uenighet", FieldKind::TextArea).optional(),
        ]);
    }
    out
}

/// The stored agreement as the form shows it.
pub(crate) fn typed(a: &Agreement) -> Typed {
    let mut t = Typed::new();
    let mut put = |k: &str, v: Option<String>| {
        if let Some(v) = v {
            t.insert(k.to_owned(), v);
        }
    };
    let on = |b: bool| b.then(|| "on".to_owned());
    put("meeting_date", Some(a.meeting_date.to_string()));
    put("took_part", Some(a.took_part.join(",")));
    put("others", a.others.clone());
    put("consent_employers", on(a.consent_employers));
    put("consent_contacts", on(a.consent_contacts));
    put("contacts", a.contacts.clone());
    for (name, split) in
        [("roles_js", &a.job_specialist), ("roles_veileder", &a.veileder), ("roles_participant", &a.participant)]
    {
        put(name, Some(split.codes.join(",")));
        put(&format!("{name}_text"), split.text.clone());
    }
    put("interpreter_used", on(a.interpreter_used));
    put("interpreter_language", a.interpreter_language.clone());
    put("reach_channel", a.reach_channel.clone());
    put("reach_note", a.reach_note.clone());
    put("meta_frequency", a.meta.frequency.clone());
    put("meta_channel", a.meta.channel.clone());
    put("meta_disagreement", a.meta.disagreement.clone());
    t
}

fn split(r: &mut Reader<'_>, name: &'static str, text: &'static str, list: &[(&str, &str)]) -> RoleSplit {
    RoleSplit { codes: r.checks(name, list), text: r.opt_text(text) }
}

fn code(r: &mut Reader<'_>, name: &'static str, list: &'static [(&'static str, &'static str)]) -> Option<String> {
    r.opt_code(name, |c| list.iter().find(|(x, _)| *x == c).map(|(x, _)| (*x).to_owned()))
}

/// What was typed, as an agreement on top of `base` (the stored one, or a new one with its
/// id, pair and author), or the messages.
pub(crate) fn parse(
    case: &CourseCase,
    form: &Typed,
    base: Agreement,
    today: NaiveDate,
) -> Result<Agreement, form::Errors> {
    let mut r = Reader::new(form);
    if case.ended() {
        r.fail("meeting_date", ENDED);
    }
    let date = r.date("meeting_date", "Skriv datoen for trepartssamtalen.");
    let mut a = Agreement {
        took_part: r.checks("took_part", TOOK_PART),
        others: r.opt_text("others"),
        consent_employers: r.check("consent_employers"),
        consent_contacts: r.check("consent_contacts"),
        contacts: r.opt_text("contacts"),
        job_specialist: split(&mut r, "roles_js", "roles_js_text", ROLES_JS),
        veileder: split(&mut r, "roles_veileder", "roles_veileder_text", ROLES_VEILEDER),
        participant: split(&mut r, "roles_participant", "roles_participant_text", ROLES_PARTICIPANT),
        interpreter_used: r.check("interpreter_used"),
        interpreter_language: r.opt_text("interpreter_language"),
        reach_channel: code(&mut r, "reach_channel", REACH),
        reach_note: r.opt_text("reach_note"),
        meta: PairAgreement {
            frequency: code(&mut r, "meta_frequency", META_FREQUENCY),
            channel: code(&mut r, "meta_channel", META_CHANNEL),
            disagreement: r.opt_text("meta_disagreement"),
        },
        ..base
    };
    if a.interpreter_used && a.interpreter_language.is_none() {
        r.fail("interpreter_language", "Skriv hvilket språk tolken brukte.");
    }
    if a.contacts.is_some() && !a.consent_contacts {
        r.fail("consent_contacts", "Kryss av for samtykket, eller la feltet om hvem vi kan snakke med stå tomt.");
    }
    if let Some(d) = date {
        if d < case.course.start {
            r.fail(
                "meeting_date",
                format!("Samtalen kan ikke være før forløpet startet ({}).", day(case.course.start)),
            );
        } else if d > today + chrono::Duration::days(365) {
            r.fail("meeting_date", "Samtalen kan ikke planlegges mer enn ett år fram i tid.");
        }
        a.meeting_date = d;
    }
    // A meeting that has taken place records who does what; a planned one need not yet.
    if date.is_some_and(|d| d <= today) {
        if !a.took_part.iter().any(|p| p == "deltaker") {
            r.fail("took_part", "En trepartssamtale har deltakeren med. Kryss av for hvem som var med.");
        }
        for (name, split, who) in [
            ("roles_js", &a.job_specialist, "jobbspesialisten"),
            ("roles_veileder", &a.veileder, "veilederen"),
            ("roles_participant", &a.participant, "deltakeren"),
        ] {
            if split.codes.is_empty() && split.text.is_none() {
                r.fail(name, format!("Kryss av eller skriv hva {who} gjør."));
            }
        }
    }
    if r.errors.is_empty() { Ok(a) } else { Err(r.errors) }
}

/// The names of the fields that differ, for the audit log (never their values).
pub(crate) fn changed(before: Option<&Agreement>, after: &Agreement) -> Vec<&'static str> {
    let Some(b) = before else { return vec!["cooperation_agreement"] };
    [
        ("agreement.meeting_date", b.meeting_date == after.meeting_date),
        ("agreement.took_part", b.took_part == after.took_part && b.others == after.others),
        (
            "agreement.consent",
            b.consent_employers == after.consent_employers && b.consent_contacts == after.consent_contacts,
        ),
        ("agreement.contacts", b.contacts == after.contacts),
        (
            "agreement.roles",
            b.job_specialist == after.job_specialist
                && b.veileder == after.veileder
                && b.participant == after.participant,
        ),
        (
            "agreement.interpreter",
            b.interpreter_used == after.interpreter_used && b.interpreter_language == after.interpreter_language,
        ),
        ("agreement.reach", b.reach_channel == after.reach_channel && b.reach_note == after.reach_note),
        ("agreement.meta", b.meta == after.meta),
    ]
    .into_iter()
    .filter_map(|(name, same)| (!same).then_some(name))
    .collect()
}
