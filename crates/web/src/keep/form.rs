//! One form page for every record kept from the pages: a list of fields, each with its
//! label, what was typed and its message. A record's module says which fields it has and
//! how to read them; how a form looks, keeps what was typed and points at its errors is
//! written once, here and in `record_form.html`.

use std::collections::HashMap;

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use chrono::NaiveDate;

use crate::auth::Viewer;
use crate::pages::render;

pub(crate) type Errors = HashMap<&'static str, String>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FieldKind {
    Text,
    Date,
    Number,
    Select,
    TextArea,
    Check,
    /// A list of check boxes, one per option, posted as `name.code`; its value is the
    /// checked codes, comma-separated (read with [`Reader::checks`]).
    Checks,
    /// A heading that starts a part of a long form; it has no value.
    Section,
    /// A value the form carries back unchanged (which period a report is, say).
    Hidden,
}

impl FieldKind {
    pub(crate) fn input_type(&self) -> &'static str {
        match self {
            FieldKind::Date => "date",
            _ => "text",
        }
    }

    pub(crate) fn numeric(&self) -> bool {
        *self == FieldKind::Number
    }
}

pub(crate) struct Field {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FieldKind,
    pub required: bool,
    pub hint: &'static str,
    pub options: Vec<(String, String)>,
    pub value: String,
    pub error: String,
    /// A link shown after the field's message: to the record a duplicate already is, say.
    pub error_link: Option<(String, String)>,
}

impl Field {
    pub(crate) fn new(name: &'static str, label: &'static str, kind: FieldKind) -> Field {
        Field {
            name,
            label,
            kind,
            required: true,
            hint: "",
            options: Vec::new(),
            value: String::new(),
            error: String::new(),
            error_link: None,
        }
    }

    pub(crate) fn optional(mut self) -> Field {
        self.required = false;
        self
    }

    pub(crate) fn hint(mut self, hint: &'static str) -> Field {
        self.hint = hint;
        self
    }

    pub(crate) fn options<'a>(mut self, options: impl IntoIterator<Item = (&'a str, &'a str)>) -> Field {
        self.options = options.into_iter().map(|(c, l)| (c.to_owned(), l.to_owned())).collect();
        self
    }

    pub(crate) fn owned_options(mut self, options: Vec<(String, String)>) -> Field {
        self.options = options;
        self
    }

    /// The ids of the field's hint and message, for `aria-describedby`: its own message, so
    /// a screen reader reads which field is wrong and why.
    pub(crate) fn described_by(&self) -> String {
        let hint = (!self.hint.is_empty()).then(|| format!("{}-hint", self.name));
        let error = (!self.error.is_empty()).then(|| format!("{}-error", self.name));
        hint.into_iter().chain(error).collect::<Vec<_>>().join(" ")
    }

    /// Whether a [`FieldKind::Checks`] field has `code` checked.
    pub(crate) fn has(&self, code: &str) -> bool {
        self.value.split(',').any(|c| c == code)
    }

    /// The codes a posted [`FieldKind::Checks`] field has checked, in the options' order.
    fn posted_codes(&self, typed: &Typed) -> String {
        self.options
            .iter()
            .filter(|(c, _)| typed.get(&format!("{}.{c}", self.name)).is_some_and(|v| v == "on"))
            .map(|(c, _)| c.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }
}

#[derive(Template)]
#[template(path = "record_form.html")]
struct RecordForm<'a> {
    page: &'a FormPage,
    csrf: &'a str,
    fields: Vec<Field>,
    has_errors: bool,
}

/// A form page: what it is about, where it goes and its fields. A record's module builds
/// one (`page(…)`) and both its GET and its refused POST answer with it, so how a form is
/// shown, keeps what was typed and points at its errors is written once.
pub(crate) struct FormPage {
    /// The participant or employer the form is about, by name.
    pub subject: String,
    pub heading: &'static str,
    pub lead: String,
    pub action: String,
    pub back: String,
    pub submit: &'static str,
    pub fields: Vec<Field>,
}

impl FormPage {
    pub(crate) fn new(subject: impl Into<String>, heading: &'static str, submit: &'static str) -> FormPage {
        FormPage {
            subject: subject.into(),
            heading,
            lead: String::new(),
            action: String::new(),
            back: String::new(),
            submit,
            fields: Vec::new(),
        }
    }

    pub(crate) fn lead(mut self, lead: impl Into<String>) -> FormPage {
        self.lead = lead.into();
        self
    }

    /// Posts to `action`; "Avbryt" goes to `back`.
    pub(crate) fn at(mut self, action: impl Into<String>, back: impl Into<String>) -> FormPage {
        self.action = action.into();
        self.back = back.into();
        self
    }

    pub(crate) fn fields(mut self, fields: Vec<Field>) -> FormPage {
        self.fields = fields;
        self
    }

    /// The form opened fresh: 200 even when it already says why it cannot be saved (an
    /// ended course, say).
    pub(crate) fn open(self, v: &Viewer, typed: &Typed, errors: &Errors) -> Response {
        let mut res = self.render(v, typed, errors);
        *res.status_mut() = match res.status() {
            StatusCode::UNPROCESSABLE_ENTITY => StatusCode::OK,
            s => s,
        };
        res
    }

    /// A refused save: the form again with what was typed and the messages, 422.
    pub(crate) fn refuse(self, v: &Viewer, typed: &Typed, errors: &Errors) -> Response {
        self.render(v, typed, errors)
    }

    fn render(mut self, v: &Viewer, typed: &Typed, errors: &Errors) -> Response {
        let mut fields = std::mem::take(&mut self.fields);
        for f in &mut fields {
            if let Some(v) = typed.get(f.name) {
                f.value = v.clone();
            } else if f.kind == FieldKind::Checks {
                f.value = f.posted_codes(typed);
            } else if f.kind == FieldKind::Check && !typed.is_empty() {
                f.value = String::new();
            }
            if let Some(e) = errors.get(f.name) {
                f.error = e.clone();
            }
        }
        let page =
            RecordForm { page: &self, csrf: v.csrf.as_deref().unwrap_or(""), has_errors: !errors.is_empty(), fields };
        let mut res = render(&page);
        if !errors.is_empty() && res.status() == StatusCode::OK {
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        }
        res
    }
}

/// What was typed into a form, by field name.
pub(crate) type Typed = HashMap<String, String>;

/// One message on one field: how a form says at once why it cannot be used (an ended course).
pub(crate) fn refusal(field: &'static str, message: &str) -> Errors {
    Errors::from([(field, message.to_owned())])
}

/// No messages.
pub(crate) fn none() -> Errors {
    Errors::new()
}

/// Reads typed values, collecting one message per field.
pub(crate) struct Reader<'a> {
    form: &'a HashMap<String, String>,
    pub errors: Errors,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(form: &'a HashMap<String, String>) -> Reader<'a> {
        Reader { form, errors: Errors::new() }
    }

    pub(crate) fn fail(&mut self, field: &'static str, message: impl Into<String>) {
        self.errors.entry(field).or_insert_with(|| message.into());
    }

    /// Trimmed text; `None` when blank.
    pub(crate) fn opt_text(&mut self, name: &'static str) -> Option<String> {
        let v = self.form.get(name).map(|s| s.replace("\r\n", "\n").trim().to_owned()).unwrap_or_default();
        if v.chars().count() > 2000 {
            self.fail(name, "Feltet kan ha høyst 2000 tegn.");
        }
        if !jobbvei_domain::bounds::plain_text(&v) {
            self.fail(name, "Feltet kan bare inneholde vanlig tekst.");
        }
        (!v.is_empty()).then_some(v)
    }

    pub(crate) fn check(&mut self, name: &'static str) -> bool {
        self.form.get(name).is_some_and(|v| v == "on" || v == "true")
    }

    /// The codes of `options` checked in a [`FieldKind::Checks`] field, in their order.
    pub(crate) fn checks(&mut self, name: &'static str, options: &[(&str, &str)]) -> Vec<String> {
        options
            .iter()
            .filter(|(c, _)| self.form.get(&format!("{name}.{c}")).is_some_and(|v| v == "on"))
            .map(|(c, _)| (*c).to_owned())
            .collect()
    }

    /// A date typed as `åååå-mm-dd` (the browser's date field) or `dd.mm.åååå`.
    pub(crate) fn opt_date(&mut self, name: &'static str) -> Option<NaiveDate> {
        let v = self.opt_text(name)?;
        match crate::dates::typed(&v) {
            Ok(d) => Some(d),
            Err(crate::dates::BadDate::OutOfRange) => {
                self.fail(name, crate::dates::out_of_range());
                None
            }
            Err(crate::dates::BadDate::Unreadable) => {
                self.fail(name, "Skriv datoen som dd.mm.åååå, for eksempel 02.12.2026.");
                None
            }
        }
    }

    pub(crate) fn date(&mut self, name: &'static str, missing: &str) -> Option<NaiveDate> {
        let had_error = self.errors.contains_key(name);
        let v = self.opt_date(name);
        if v.is_none() && !had_error && !self.errors.contains_key(name) {
            self.fail(name, missing);
        }
        v
    }

    /// A number with a decimal comma or point, within `min..=max`.
    pub(crate) fn opt_number(&mut self, name: &'static str, min: f64, max: f64) -> Option<f64> {
        let v = self.opt_text(name)?;
        match v.replace(',', ".").replace(' ', "").parse::<f64>() {
            Ok(n) if n.is_finite() && (min..=max).contains(&n) => Some(n),
            Ok(_) => {
                self.fail(name, format!("Skriv et tall fra {} til {}.", fmt_num(min), fmt_num(max)));
                None
            }
            Err(_) => {
                self.fail(name, "Skriv et tall, for eksempel 40.");
                None
            }
        }
    }

    /// A code from a fixed list.
    pub(crate) fn opt_code<T>(&mut self, name: &'static str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        let v = self.opt_text(name)?;
        let parsed = parse(&v);
        if parsed.is_none() {
            self.fail(name, "Velg et av valgene i listen.");
        }
        parsed
    }

    pub(crate) fn code<T>(
        &mut self,
        name: &'static str,
        parse: impl Fn(&str) -> Option<T>,
        missing: &str,
    ) -> Option<T> {
        let present = self.form.get(name).is_some_and(|v| !v.trim().is_empty());
        if !present {
            self.fail(name, missing);
            return None;
        }
        self.opt_code(name, parse)
    }
}

fn fmt_num(n: f64) -> String {
    if n.fract() == 0.0 { format!("{n:.0}") } else { n.to_string().replace('.', ",") }
}

/// A date the way the pages show it (one helper for every page: [`crate::dates`]).
pub(crate) use crate::dates::day;

#[cfg(test)]
mod tests {
    use super::*;

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    #[test]
    fn dates_take_both_ways_of_writing() {
        let f = form(&[("a", "2026-12-02"), ("b", "02.12.2026"), ("c", "2.desember")]);
        let mut r = Reader::new(&f);
        assert_eq!(r.opt_date("a"), NaiveDate::from_ymd_opt(2026, 12, 2));
        assert_eq!(r.opt_date("b"), NaiveDate::from_ymd_opt(2026, 12, 2));
        assert_eq!(r.opt_date("c"), None);
        assert!(r.errors["c"].contains("dd.mm.åååå"));
        assert_eq!(r.date("d", "Skriv dato."), None);
        assert_eq!(r.errors["d"], "Skriv dato.");
    }

    #[test]
    fn dates_lie_in_the_accepted_range_and_text_is_plain() {
        let f = form(&[
            ("a", "1900-01-01"),
            ("b", "31.12.2100"),
            ("c", "9999-12-31"),
            ("d", "31.12.1899"),
            ("e", "linje\r\nto\tæøå"),
            ("f", "a\u{0}b"),
        ]);
        let mut r = Reader::new(&f);
        assert_eq!(r.opt_date("a"), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(r.opt_date("b"), NaiveDate::from_ymd_opt(2100, 12, 31));
        assert_eq!((r.opt_date("c"), r.opt_date("d")), (None, None));
        assert_eq!(r.errors["c"], "Datoen må være mellom 01.01.1900 og 31.12.2100.");
        assert_eq!(r.errors["d"], r.errors["c"]);
        assert_eq!(r.opt_text("e").as_deref(), Some("linje\nto\tæøå"));
        assert_eq!(r.opt_text("f"), Some("a\u{0}b".into()));
        assert_eq!(r.errors["f"], "Feltet kan bare inneholde vanlig tekst.");
        assert!(!r.errors.contains_key("e"));
    }

    #[test]
    fn numbers_are_bounded_and_take_a_comma() {
        let f = form(&[("p", "130"), ("q", "37,5"), ("r", "mye")]);
        let mut r = Reader::new(&f);
        assert_eq!(r.opt_number("p", 0.0, 100.0), None);
        assert_eq!(r.errors["p"], "Skriv et tall fra 0 til 100.");
        assert_eq!(r.opt_number("q", 0.0, 100.0), Some(37.5));
        assert_eq!(r.opt_number("r", 0.0, 100.0), None);
    }
}
