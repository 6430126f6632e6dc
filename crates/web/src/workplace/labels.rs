//! Norwegian labels for the codes shown on the pages.

pub fn phase(code: &str) -> &'static str {
    match code {
        "innledende_kontakt" => "Innledende kontakt",
        "yrkeskartlegging" => "Yrkeskartlegging",
        "finne_jobb" => "Finne jobb",
        "samarbeid_arbeidsgiver" => "Samarbeid med arbeidsgiver",
        "opplaering" => "Opplæring",
        "henvist" => "Henvist",
        "kartlegging" => "Kartlegging",
        "jobbutvikling" => "Jobbutvikling",
        "jobber" => "Jobber",
        "i_utdanning" => "I utdanning",
        "nedtrapping" => "Nedtrapping",
        "avsluttet" => "Avsluttet",
        _ => "Ukjent fase",
    }
}

pub fn kind(code: &str) -> &'static str {
    match code {
        "deltakermote" => "Deltakermøte",
        "arbeidsgivermote" => "Arbeidsgivermøte",
        "trekantsamtale" => "Trekantsamtale",
        "nettverksmote" => "Nettverks-/helsemøte",
        "telefon_sms_epost" => "Telefon, SMS eller e-post",
        "teammote" => "Teammøte",
        _ => "Annet",
    }
}

/// The kind as a veileder may see it: a meeting with health services is only a network
/// meeting to them, since that it took place is itself a health detail (DOMAIN.md §2).
pub fn kind_for(code: &str, case_role: bool) -> &'static str {
    match code {
        "nettverksmote" if !case_role => "Nettverksmøte",
        _ => kind(code),
    }
}

pub fn status(code: &str) -> &'static str {
    match code {
        "planlagt" => "Planlagt",
        "gjennomfort" => "Gjennomført",
        "deltaker_uteble" => "Deltaker uteble",
        "avlyst" => "Avlyst",
        _ => "Ukjent",
    }
}

pub fn channel(code: &str) -> &'static str {
    match code {
        "fysisk" => "Fysisk",
        "digital" => "Digitalt",
        "telefon" => "Telefon",
        _ => "",
    }
}

pub fn subcategory(code: &str) -> &'static str {
    match code {
        "jobbutvikling" => "Jobbutvikling",
        "relasjonsbygging" => "Relasjonsbygging",
        "jobbstotte" => "Jobbstøtte",
        "oppfolging" => "Oppfølging",
        _ => "",
    }
}

pub fn job_form(code: &str) -> &'static str {
    match code {
        "jobbsmak" => "Jobbsmak (ulønnet, ikke arbeid)",
        "arbeidstrening" => "Arbeidstrening (ulønnet, ikke arbeid)",
        "tilkalling" => "Tilkallingsvikar",
        "tidsbegrenset" => "Tidsbegrenset",
        "fast" => "Fast",
        "laerling" => "Lærling",
        "selvstendig" => "Selvstendig",
        _ => "",
    }
}

pub fn alert(code: &str) -> &'static str {
    match code {
        "proveperiode_slutter" => "Prøvetiden slutter snart",
        "kontrakt_slutter" => "Kontrakten slutter snart",
        "tilskudd_slutter" => "Tilskuddet slutter snart",
        "oppfolging_mangler" => "Oppfølging etter ansettelse mangler",
        "ulonnet_lenge" => "Ulønnet utplassering varer lenge",
        "forste_arbeidsgiverkontakt" => "Ingen arbeidsgiverkontakt etter 30 dager",
        "ingen_aktivitet" => "Ingen aktivitet på 14 dager",
        "statuskontroll" => "Statuskontroll skal gjøres",
        _ => "Varsel",
    }
}

/// What an audit entry says was done, in Norwegian: every action the code writes
/// (`grep -rn "entry(\|audit(" crates`), and whether it was refused.
pub fn audit(action: &str, outcome: &str) -> &'static str {
    match outcome {
        "denied" => {
            return match action {
                "read" => "nektet innsyn",
                "access" => "nektet tilgang",
                _ => "nektet endring",
            };
        }
        "failed" => return if action == "login" { "mislykket innlogging" } else { "mislyktes" },
        _ => {}
    }
    match action {
        "read" => "lest",
        "create" => "opprettet",
        "update" => "endret",
        "reopen" => "gjenåpnet forløp",
        "access" => "tilgang",
        "export" => "eksportert",
        "import" => "importert",
        "login" => "logget inn",
        "logout" => "logget ut",
        "update_profile" => "endret profil",
        "update_activity" => "endret aktivitet",
        "close_activity" => "lukket møte",
        "update_disclosure" => "endret åpenhetsplan",
        "add_support_need" => "la til bistandsbehov",
        "close_support_need" => "avsluttet bistandsbehov",
        "add_plan_item" => "la til i planen",
        "set_plan_status" => "endret status i planen",
        "placement_purpose" => "endret formål med utplassering",
        "placement_extend" => "forlenget utplassering",
        "measure_edit" => "endret tiltak",
        "measure_utkast" => "laget utkast til tiltak",
        "measure_sendt_veileder" => "sendte tiltak til veileder",
        "measure_innvilget" => "innvilget tiltak",
        "measure_avslatt" => "avslo tiltak",
        "measure_aktiv" => "startet tiltak",
        "measure_avsluttet" => "avsluttet tiltak",
        "user_create" => "opprettet bruker",
        "user_update" => "endret bruker",
        "password_set" => "satte passord",
        "token_create" => "laget API-nøkkel",
        "referral_draft" => "lagret utkast til henvisning",
        "referral_consult" => "ba teamleder drøfte henvisning",
        "referral_send" => "sendte henvisning",
        "referral_accept" => "aksepterte henvisning",
        "referral_reject" => "avviste henvisning",
        "person_report" => "laget innsynsrapport",
        "anonymise" => "anonymiserte",
        "retention_run" => "kjørte sletteregelen",
        "retention_dry_run" => "prøvekjørte sletteregelen",
        _ => "annen handling",
    }
}

#[cfg(test)]
mod tests {
    use super::audit;

    #[test]
    fn every_audited_action_has_norwegian_words() {
        let written = [
            "read",
            "create",
            "update",
            "reopen",
            "access",
            "export",
            "import",
            "login",
            "logout",
            "update_profile",
            "update_activity",
            "close_activity",
            "update_disclosure",
            "add_support_need",
            "close_support_need",
            "add_plan_item",
            "set_plan_status",
            "placement_purpose",
            "placement_extend",
            "measure_edit",
            "user_create",
            "user_update",
            "password_set",
            "token_create",
            "referral_draft",
            "referral_consult",
            "referral_send",
            "referral_accept",
            "referral_reject",
            "person_report",
            "anonymise",
            "retention_run",
            "retention_dry_run",
        ];
        let steps = jobbvei_domain::MeasureStatus::ALL.iter().map(|s| crate::measures::action(*s));
        for action in written.iter().map(|a| (*a).to_owned()).chain(steps) {
            assert_ne!(audit(&action, "ok"), "annen handling", "{action}");
        }
        assert_eq!(audit("update_profile", "ok"), "endret profil");
        assert_eq!(audit("read", "denied"), "nektet innsyn");
        assert_eq!(audit("update", "denied"), "nektet endring");
        assert_eq!(audit("login", "failed"), "mislykket innlogging");
    }
}
