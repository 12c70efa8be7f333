//! A JSON Lines record's article fields, read in one pass.
//!
//! [`fields`] reads one JSON object, validating all of it, and builds values
//! only for the fields an article is made of: their strings (and plain
//! integers) come out as `serde_json` would give them; every other value is
//! checked and skipped. It covers what news feeds hold. Anything else it
//! declines (`None`): a key with escapes, a number other than a plain
//! integer in a field it reads, an article field that is not a string or a
//! number, a lone surrogate in a field it reads, nesting deeper than [`MAX_DEPTH`], and every
//! invalid input. The caller then asks `serde_json`, which gives the
//! answer or the error message. Declining is always safe; what it
//! accepts, `serde_json` accepts with the same values (a test checks both
//! on mutated records).
//!
//! It exists for speed: `serde_json` spends about nine instructions a byte
//! on a news record (validating the line, then its strings byte by byte);
//! this reads a string eight bytes at a time up to its next quote,
//! backslash or control character.

use serde_json::Value;

use crate::swar;

/// Deepest nesting read here (`serde_json` allows 128).
const MAX_DEPTH: usize = 100;

/// The values of fields `names` of the JSON object `s` (the last of
/// duplicate keys), or `None` if this reader declines `s` (see the module
/// docs). A value is a `Value::String` or a `Value::Number`.
pub fn fields<const N: usize>(s: &str, names: [&str; N]) -> Option<[Option<Value>; N]> {
    let mut r = Reader { s: s.as_bytes(), text: s, at: 0 };
    let mut out: [Option<Value>; N] = std::array::from_fn(|_| None);
    r.ws();
    r.eat(b'{')?;
    r.members(b'}', |r| {
        let key = r.key()?;
        r.ws();
        r.eat(b':')?;
        r.ws();
        match names.iter().position(|n| *n == key) {
            Some(k) => out[k] = Some(r.field()?),
            None => r.skip(0)?,
        }
        Some(())
    })?;
    r.ws();
    (r.at == r.s.len()).then_some(out)
}

struct Reader<'a> {
    s: &'a [u8],
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        Some(b)
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        (self.next()? == b).then_some(())
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The bytes from here to the next `"`, `\` or control character.
    fn plain_run(&mut self) -> &'a str {
        let start = self.at;
        // 32 bytes at a time, a loop the compiler makes vector code of.
        while let Some(w) = self.s.get(self.at..self.at + 32) {
            let stop = w.iter().fold(false, |stop, &b| stop | (b == b'"') | (b == b'\\') | (b < 0x20));
            if stop {
                break;
            }
            self.at += 32;
        }
        // Then 8 at a time: the lowest byte each test flags is exact, so
        // the first flagged byte is where the run ends.
        while let Some(w) = self.s.get(self.at..self.at + 8) {
            let x = u64::from_le_bytes(w.try_into().unwrap());
            let stop = swar::any_eq(x, b'"') | swar::any_eq(x, b'\\') | swar::any_below(x, 0x20);
            if stop != 0 {
                self.at += (stop.trailing_zeros() / 8) as usize;
                return &self.text[start..self.at];
            }
            self.at += 8;
        }
        while let Some(&b) = self.s.get(self.at) {
            if b == b'"' || b == b'\\' || b < 0x20 {
                break;
            }
            self.at += 1;
        }
        // The run ends at an ASCII byte or the end: a char boundary.
        &self.text[start..self.at]
    }

    /// A key without escapes.
    fn key(&mut self) -> Option<&'a str> {
        self.eat(b'"')?;
        let k = self.plain_run();
        self.eat(b'"')?;
        Some(k)
    }

    /// A field's value: a string or a plain integer.
    fn field(&mut self) -> Option<Value> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.string().map(Value::String)
            }
            b'-' | b'0'..=b'9' => {
                let start = self.at;
                self.number()?;
                let n = &self.text[start..self.at];
                // `-?(0|[1-9][0-9]*)` of at most 18 digits prints back as itself.
                let digits = n.strip_prefix('-').unwrap_or(n);
                if digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                n.parse::<i64>().ok().map(Value::from)
            }
            _ => None,
        }
    }

    /// The rest of a string (its opening quote read), unescaped.
    fn string(&mut self) -> Option<String> {
        let first = self.plain_run();
        if self.peek()? == b'"' {
            self.at += 1;
            return Some(first.to_owned());
        }
        let mut out = String::with_capacity(first.len() + (self.s.len() - self.at));
        out.push_str(first);
        loop {
            match self.next()? {
                b'"' => return Some(out),
                b'\\' => out.push(self.escape()?),
                _ => return None, // a control character
            }
            out.push_str(self.plain_run());
        }
    }

    /// One escape, its backslash read.
    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4()?;
                match hi {
                    0xD800..=0xDBFF => {
                        self.eat(b'\\')?;
                        self.eat(b'u')?;
                        let lo = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&lo) {
                            return None;
                        }
                        char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00))?
                    }
                    _ => char::from_u32(hi)?,
                }
            }
            _ => return None,
        })
    }

    fn hex4(&mut self) -> Option<u32> {
        let h = self.s.get(self.at..self.at + 4)?;
        let h = std::str::from_utf8(h).ok()?;
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.at += 4;
        u32::from_str_radix(h, 16).ok()
    }

    /// Skip a string (its opening quote read), checking it.
    fn skip_string(&mut self) -> Option<()> {
        loop {
            self.plain_run();
            match self.next()? {
                b'"' => return Some(()),
                b'\\' => self.skip_escape()?,
                _ => return None,
            }
        }
    }

    /// Skip one escape, its backslash read: as `serde_json` skips a
    /// string, a `\u` escape needs only its four hex digits.
    fn skip_escape(&mut self) -> Option<()> {
        match self.next()? {
            b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => Some(()),
            b'u' => self.hex4().map(drop),
            _ => None,
        }
    }

    /// `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`
    fn number(&mut self) -> Option<()> {
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        match self.next()? {
            b'0' => {}
            b'1'..=b'9' => self.digits(),
            _ => return None,
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            self.digit()?;
            self.digits();
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.at += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.at += 1;
            }
            self.digit()?;
            self.digits();
        }
        Some(())
    }

    fn digit(&mut self) -> Option<()> {
        self.next()?.is_ascii_digit().then_some(())
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
    }

    /// Skip any value, checking it; `depth` arrays and objects are open.
    fn skip(&mut self, depth: usize) -> Option<()> {
        match self.peek()? {
            b'"' => {
                self.at += 1;
                self.skip_string()
            }
            b'-' | b'0'..=b'9' => self.number(),
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            b'[' | b'{' if depth >= MAX_DEPTH => None,
            b'[' => {
                self.at += 1;
                self.members(b']', |r| r.skip(depth + 1))
            }
            b'{' => {
                self.at += 1;
                self.members(b'}', |r| {
                    r.eat(b'"')?;
                    r.skip_string()?;
                    r.ws();
                    r.eat(b':')?;
                    r.ws();
                    r.skip(depth + 1)
                })
            }
            _ => None,
        }
    }

    /// The rest of an array or object, its opening bracket read: `member`s
    /// separated by commas, then `close`.
    fn members(&mut self, close: u8, mut member: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.ws();
        if self.peek()? == close {
            self.at += 1;
            return Some(());
        }
        loop {
            member(self)?;
            self.ws();
            match self.next()? {
                b',' => self.ws(),
                b if b == close => return Some(()),
                _ => return None,
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        let end = self.at + word.len();
        (self.s.get(self.at..end)? == word).then(|| self.at = end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 3] = ["text", "id", "date"];

    /// What the `serde_json` path makes of `s`.
    fn by_serde(s: &str) -> Option<[Option<Value>; 3]> {
        super::super::format::serde_fields(s, NAMES)
    }

    /// Where the reader answers, it answers as `serde_json` does.
    fn agrees(s: &str) -> bool {
        match fields(s, NAMES) {
            Some(ours) => {
                assert_eq!(Some(ours), by_serde(s), "{s:?}");
                true
            }
            None => false,
        }
    }

    #[test]
    fn reads_what_feeds_hold() {
        let lines = [
            r#"{"id":"a1","date":"2023-03-14","text":"Rain in Bogot\u00e1, \"Krak\u00f3w\"\n\tand Z\u00fcrich \ud83d\ude00 \/ \\ \b\f\r"}"#,
            "{\"text\": \"plain “curly” – text in Zürich\", \"id\": 42}\n",
            r#"  { "text" : "x" , "meta" : {"a": [1, -2.5e3, true, false, null, {"b": []}], "c": {}}, "id": -7 }  "#,
            r#"{"text":"first","text":"last"}"#,
            r#"{}"#,
            r#"{"id": 0, "date": "", "text": ""}"#,
            r#"{"tags": ["a\u0000b", "\ud800\udc00"], "text": "t"}"#,
            // skipped values serde_json skips without a range or pair check
            r#"{"a": 1e400, "b": 123456789012345678901234567890, "c": "\ud800", "text": "x"}"#,
        ];
        for s in lines {
            assert!(agrees(s), "declined {s:?}");
        }
        let last = fields(r#"{"text":"first","text":"last"}"#, NAMES).unwrap();
        assert_eq!(last[0], Some(Value::String("last".into())));
    }

    #[test]
    fn declines_what_it_does_not_read_and_every_invalid_line() {
        let lines = [
            // valid, left to serde_json
            r#"{"te\u0078t": "escaped key"}"#,
            r#"{"id": 1.5, "text": "x"}"#,
            r#"{"id": 12345678901234567890, "text": "x"}"#,
            r#"{"text": ["not", "a string"]}"#,
            // invalid
            "",
            "[1, 2]",
            r#"{"text": "x",}"#,
            r#"{"text": "x" "id": 1}"#,
            r#"{"text": "unterminated}"#,
            "{\"text\": \"control \u{1} char\"}",
            r#"{"text": "bad \x escape"}"#,
            r#"{"text": "lone \ud800 surrogate"}"#,
            r#"{"text": "x"} trailing"#,
            r#"{"a": 01, "text": "x"}"#,
            r#"{"a": 1., "text": "x"}"#,
            r#"{"a": tru, "text": "x"}"#,
            r#"{"a": [1 2], "text": "x"}"#,
            r#"{"a": {"b" 1}, "text": "x"}"#,
            r#"{text: "x"}"#,
        ];
        for s in lines {
            assert_eq!(fields(s, NAMES), None, "{s:?}");
        }
        let deep = format!("{{\"a\": {}{}, \"text\": \"x\"}}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(fields(&deep, NAMES), None);
        let ok = format!("{{\"a\": {}{}, \"text\": \"x\"}}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(agrees(&ok));
    }

    /// Mutated records: whatever the reader accepts, serde_json accepts
    /// with the same fields (and it accepts most of what serde_json does).
    #[test]
    fn agrees_with_serde_json_on_mutated_records() {
        let seeds = [
            r#"{"id": "x-1", "date": "2023-03-14", "text": "Ms. Ana Ferreira \u2013 head of \"research\"\nin Lagos\u2019s council.", "n": [1, 2.5, {"k": null}]}"#,
            "{\"text\": \"Bogotá, Kraków and Zürich\\n\", \"id\": 17, \"extra\": {\"a\": [true, false]}}",
        ];
        let alphabet: &[u8] = b"\"\\{}[],: 0123456789.-+eEtruefalsn\x01abu";
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let (mut tried, mut accepted, mut valid) = (0, 0, 0);
        for seed in seeds {
            for _ in 0..4000 {
                let mut b = seed.as_bytes().to_vec();
                for _ in 0..1 + rand(3) {
                    let at = rand(b.len());
                    match rand(3) {
                        0 => b[at] = alphabet[rand(alphabet.len())],
                        1 => b.insert(at, alphabet[rand(alphabet.len())]),
                        _ => {
                            b.remove(at);
                        }
                    }
                }
                let Ok(s) = String::from_utf8(b) else { continue };
                tried += 1;
                valid += usize::from(by_serde(&s).is_some());
                accepted += usize::from(agrees(&s));
            }
        }
        assert!(tried > 7000 && valid > 500, "tried {tried}, valid {valid}");
        // Most valid mutants are read here, not declined.
        assert!(accepted * 10 > valid * 8, "accepted {accepted} of {valid} valid");
    }
}
