//! Writes one JSON object per line with its keys in a fixed order, so that two exports
//! of the same data are byte for byte the same. Absent optional fields are left out.

use chrono::NaiveDate;

pub(crate) struct Line {
    buf: Vec<u8>,
}

impl Line {
    pub fn new(kind: &str) -> Line {
        let mut l = Line { buf: Vec::with_capacity(256) };
        l.buf.extend_from_slice(b"{\"type\":");
        l.string(kind);
        l
    }

    fn key(&mut self, k: &str) {
        self.buf.push(b',');
        self.string(k);
        self.buf.push(b':');
    }

    fn string(&mut self, s: &str) {
        // Writing a &str into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut self.buf, s);
    }

    pub fn str(&mut self, k: &str, v: &str) -> &mut Line {
        self.key(k);
        self.string(v);
        self
    }

    pub fn opt_str(&mut self, k: &str, v: Option<&str>) -> &mut Line {
        if let Some(v) = v {
            self.str(k, v);
        }
        self
    }

    pub fn date(&mut self, k: &str, v: NaiveDate) -> &mut Line {
        self.str(k, &v.format("%Y-%m-%d").to_string())
    }

    pub fn opt_date(&mut self, k: &str, v: Option<NaiveDate>) -> &mut Line {
        if let Some(v) = v {
            self.date(k, v);
        }
        self
    }

    pub fn opt_bool(&mut self, k: &str, v: Option<bool>) -> &mut Line {
        if let Some(v) = v {
            self.key(k);
            self.buf.extend_from_slice(if v { b"true" } else { b"false" });
        }
        self
    }

    pub fn num(&mut self, k: &str, v: f64) -> &mut Line {
        self.key(k);
        self.number(v);
        self
    }

    /// Whole numbers are written without a fraction (`50`, not `50.0`).
    fn number(&mut self, v: f64) {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            self.buf.extend_from_slice(format!("{}", v as i64).as_bytes());
        } else {
            let _ = serde_json::to_writer(&mut self.buf, &v);
        }
    }

    pub fn opt_num(&mut self, k: &str, v: Option<f64>) -> &mut Line {
        if let Some(v) = v {
            self.num(k, v);
        }
        self
    }

    pub fn int(&mut self, k: &str, v: u32) -> &mut Line {
        self.key(k);
        self.buf.extend_from_slice(v.to_string().as_bytes());
        self
    }

    pub fn opt_int(&mut self, k: &str, v: Option<u32>) -> &mut Line {
        if let Some(v) = v {
            self.int(k, v);
        }
        self
    }

    pub fn str_list<'a>(&mut self, k: &str, items: impl Iterator<Item = &'a str>) -> &mut Line {
        self.key(k);
        self.buf.push(b'[');
        for (i, item) in items.enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            self.string(item);
        }
        self.buf.push(b']');
        self
    }

    /// A list of objects, each written by `item` into a fresh object.
    pub fn obj_list<T>(&mut self, k: &str, items: &[T], item: impl Fn(&mut Line, &T)) -> &mut Line {
        self.key(k);
        self.buf.push(b'[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                self.buf.push(b',');
            }
            let mut inner = Line { buf: Vec::new() };
            item(&mut inner, x);
            // `inner` starts with the comma its first key wrote; an object starts with a brace.
            self.buf.push(b'{');
            self.buf.extend_from_slice(inner.buf.get(1..).unwrap_or_default());
            self.buf.push(b'}');
        }
        self.buf.push(b']');
        self
    }

    pub fn finish(&mut self) -> &[u8] {
        self.buf.extend_from_slice(b"}\n");
        &self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_keys_in_order() {
        let mut l = Line::new("job");
        l.str("id", "j\"1").opt_str("title", None).num("hours", 37.5).num("p", 50.0).opt_bool("paid", Some(true));
        l.obj_list("percent", &[(1, 20.0)], |o, (_, p)| {
            o.num("percent", *p);
        });
        let text = String::from_utf8(l.finish().to_vec()).unwrap();
        assert_eq!(
            text,
            "{\"type\":\"job\",\"id\":\"j\\\"1\",\"hours\":37.5,\"p\":50,\"paid\":true,\"percent\":[{\"percent\":20}]}\n"
        );
    }
}
