//! Aksel's Pagination for the long lists: `?side=N`, [`PER_PAGE`] rows a page, every other
//! query parameter (sort, filter, search) kept in the links. The list is read whole and cut
//! here, except where the store can count and skip itself (the employer register).
//!
//! A page that cannot be read (`side=abc`, `side=0`) shows the first page and a page past the
//! end shows the last, each with a notice saying so: a shared link to page 4 of a list that
//! has since shrunk still shows rows, never an error page.

/// Rows on a page: a 1366 px screen shows about this many of the caseload's rows.
pub(crate) const PER_PAGE: usize = 25;

/// The query of a list with nothing to keep but its page.
#[derive(serde::Deserialize, Default)]
pub(crate) struct PageParam {
    pub side: Option<String>,
}

/// One step of the pagination: a page's link or a gap ("…").
pub(crate) struct Step {
    /// 0 for a gap.
    pub number: usize,
    pub href: String,
    pub current: bool,
}

impl Step {
    pub fn gap(&self) -> bool {
        self.number == 0
    }
}

pub(crate) struct Pager {
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    /// The first and last row shown, counted from 1 (0 and 0 for an empty list).
    pub first: usize,
    pub last: usize,
    pub prev: Option<String>,
    pub next: Option<String>,
    pub steps: Vec<Step>,
    /// What was wrong with the requested page, in Norwegian; empty when nothing was.
    pub notice: String,
    /// What the list is, for the navigation's name: "Sider i porteføljen".
    pub label: &'static str,
}

/// `path` with the kept parameters and the page (page 1 has no `side`).
fn href(path: &str, keep: &[(&str, String)], page: usize) -> String {
    let mut parts: Vec<String> = keep
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", crate::dashboard::drill::enc(v)))
        .collect();
    if page > 1 {
        parts.push(format!("side={page}"));
    }
    if parts.is_empty() { path.to_owned() } else { format!("{path}?{}", parts.join("&")) }
}

/// The pages to show: the first, the last, the current one and its neighbours; a gap of one
/// page shows that page instead of "…" (Aksel's `siblingCount` 1, `boundaryCount` 1).
fn numbers(page: usize, pages: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev = 0;
    for n in (1..=pages).filter(|n| *n == 1 || *n == pages || n.abs_diff(page) <= 1) {
        if prev > 0 && n - prev == 2 {
            out.push(prev + 1);
        } else if prev > 0 && n - prev > 2 {
            out.push(0);
        }
        out.push(n);
        prev = n;
    }
    out
}

impl Pager {
    /// The pager for `total` rows, `requested` the raw `side` parameter.
    pub fn new(
        label: &'static str,
        total: usize,
        per: usize,
        requested: Option<&str>,
        path: &str,
        keep: &[(&str, String)],
    ) -> Pager {
        let pages = total.div_ceil(per).max(1);
        let asked = requested.map(str::trim).filter(|s| !s.is_empty());
        let (page, notice) = match asked.map(str::parse::<usize>) {
            None => (1, String::new()),
            Some(Ok(n)) if (1..=pages).contains(&n) => (n, String::new()),
            Some(Ok(n)) if n > pages => {
                (pages, format!("Listen har {pages} {}; viser den siste.", if pages == 1 { "side" } else { "sider" }))
            }
            Some(_) => (1, "Sidetallet i adressen kunne ikke brukes; viser side 1.".to_owned()),
        };
        let first = if total == 0 { 0 } else { (page - 1) * per + 1 };
        let last = (page * per).min(total);
        let steps = numbers(page, pages)
            .into_iter()
            .map(|n| Step {
                number: n,
                href: if n == 0 { String::new() } else { href(path, keep, n) },
                current: n == page,
            })
            .collect();
        Pager {
            page,
            pages,
            total,
            first,
            last,
            prev: (page > 1).then(|| href(path, keep, page - 1)),
            next: (page < pages).then(|| href(path, keep, page + 1)),
            steps,
            notice,
            label,
        }
    }

    /// How many rows to skip to reach this page.
    pub fn offset(&self, per: usize) -> usize {
        (self.page - 1) * per
    }

    /// This page's rows out of the whole list.
    pub fn cut<T>(&self, rows: Vec<T>, per: usize) -> Vec<T> {
        rows.into_iter().skip(self.offset(per)).take(per).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_steps_keep_ends_and_neighbours() {
        assert_eq!(numbers(1, 1), vec![1]);
        assert_eq!(numbers(1, 3), vec![1, 2, 3]);
        // 1 2 3 … 10: the gap 4–9 is more than one page.
        assert_eq!(numbers(2, 10), vec![1, 2, 3, 0, 10]);
        // 1 … 4 5 6 … 10
        assert_eq!(numbers(5, 10), vec![1, 0, 4, 5, 6, 0, 10]);
        // 1 2 3 4 … 10: a gap of the one page 2 shows page 2.
        assert_eq!(numbers(3, 10), vec![1, 2, 3, 4, 0, 10]);
    }

    #[test]
    fn page_two_of_fifty_five_rows() {
        let keep = [("sorter", "fase".to_owned()), ("merknad", String::new())];
        let p = Pager::new("lista", 55, 25, Some("2"), "/portefolje", &keep);
        assert_eq!((p.page, p.pages, p.first, p.last), (2, 3, 26, 50));
        assert_eq!(p.prev.as_deref(), Some("/portefolje?sorter=fase"));
        assert_eq!(p.next.as_deref(), Some("/portefolje?sorter=fase&side=3"));
        let rows: Vec<usize> = p.cut((1..=55).collect(), 25);
        assert_eq!((rows.len(), rows[0], rows[24]), (25, 26, 50));
        assert!(p.notice.is_empty());
    }

    #[test]
    fn an_unreadable_or_too_high_page_is_said_and_a_page_shown() {
        let p = Pager::new("lista", 55, 25, Some("9"), "/x", &[]);
        assert_eq!((p.page, p.first, p.last), (3, 51, 55));
        assert_eq!(p.notice, "Listen har 3 sider; viser den siste.");
        let p = Pager::new("lista", 55, 25, Some("0"), "/x", &[]);
        assert_eq!((p.page, p.notice.is_empty()), (1, false));
        let p = Pager::new("lista", 0, 25, Some("abc"), "/x", &[]);
        assert_eq!((p.page, p.pages, p.first, p.last), (1, 1, 0, 0));
        assert_eq!(p.notice, "Sidetallet i adressen kunne ikke brukes; viser side 1.");
    }
}
