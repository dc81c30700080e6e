//! Date ranges as CVs write them, in English and French: "Jan 2019 – Mar 2021",
//! "01/2019 - present", "2019 – 2021", "De janvier 2019 à mars 2021", "Depuis sept. 2020".
//! A date is `YYYY-MM` when the month is given, else `YYYY`; an open end is `present`.

use std::sync::LazyLock;

use regex::Regex;

const MONTH: &str = r"(?:jan(?:uary|vier|v\.?)?|feb(?:ruary)?|f[ée]v(?:rier|r\.?)?|mar(?:ch|s)?|apr(?:il)?|avr(?:il|\.)?|may|mai|june?|juin|july?|juil(?:let|\.)?|aug(?:ust)?|ao[uû]t|sep(?:tember|tembre|t\.?)?|oct(?:ober|obre|\.)?|nov(?:ember|embre|\.)?|d[ée]c(?:ember|embre|\.)?)";
const YEAR: &str = r"(?:19|20)\d\d";
const PRESENT: &str =
    r"(?:present|current|now|today|ongoing|aujourd['’]hui|[àa] ce jour|en cours|actuellement|maintenant|danas|sada)";

fn date_pattern() -> String {
    format!(r"(?:{MONTH}\.?\s+{YEAR}|(?:0?[1-9]|1[0-2])[/.]{YEAR}|{YEAR}[-/.](?:0[1-9]|1[0-2])\b|{YEAR})")
}

static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    let d = date_pattern();
    super::pattern(&format!(
        r"(?i)(?:\b(?P<lead>de|du|from|since|depuis|od)\s+)?\b(?P<start>{d})(?:\s*(?:[-–—→]+|\bto\b|\bà\b|\bau\b|\buntil\b|\btill\b|\bdo\b)\s*(?:(?P<end>{d})|\b(?P<now>{PRESENT})))?"
    ))
});

static ONE: LazyLock<Regex> = LazyLock::new(|| {
    super::pattern(&format!(
        r"(?i)^(?:(?P<month>{MONTH})\.?\s+(?P<y1>{YEAR})|(?P<m2>0?[1-9]|1[0-2])[/.](?P<y2>{YEAR})|(?P<y3>{YEAR})[-/.](?P<m3>0[1-9]|1[0-2])|(?P<y4>{YEAR}))$"
    ))
});

/// A range found in a line, and where it is (byte offsets).
#[derive(Debug, Clone, PartialEq)]
pub struct Range {
    pub start: String,
    /// `None` for a single date that does not say it goes on.
    pub end: Option<String>,
    pub at: (usize, usize),
}

/// The first date range in `line`: two dates, a date and "present", or "since" a date.
/// A lone year in a sentence ("in 2021") is not a range.
pub fn range(line: &str) -> Option<Range> {
    RANGE.captures_iter(line).find_map(|c| {
        let whole = c.get(0)?;
        let start = value(c.name("start")?.as_str())?;
        let end = match (c.name("end"), c.name("now"), c.name("lead")) {
            (Some(e), _, _) => Some(value(e.as_str())?),
            (None, Some(_), _) => Some("present".to_string()),
            (None, None, Some(l)) if matches!(l.as_str().to_lowercase().as_str(), "since" | "depuis" | "od") => {
                Some("present".to_string())
            }
            _ => None,
        }?;
        Some(Range { start, end: Some(end), at: (whole.start(), whole.end()) })
    })
}

/// One date as `YYYY-MM` or `YYYY`.
fn value(text: &str) -> Option<String> {
    let c = ONE.captures(text.trim())?;
    if let Some(m) = c.name("month") {
        return Some(format!("{}-{:02}", &c["y1"], month(m.as_str())?));
    }
    if let Some(m) = c.name("m2") {
        return Some(format!("{}-{:02}", &c["y2"], m.as_str().parse::<u8>().ok()?));
    }
    if let Some(m) = c.name("m3") {
        return Some(format!("{}-{}", &c["y3"], m.as_str()));
    }
    c.name("y4").map(|y| y.as_str().to_string())
}

fn month(name: &str) -> Option<u8> {
    let n = super::fold(name);
    const MONTHS: [(&str, u8); 18] = [
        ("jan", 1),
        ("feb", 2),
        ("fev", 2),
        ("mar", 3),
        ("apr", 4),
        ("avr", 4),
        ("may", 5),
        ("mai", 5),
        ("jun", 6),
        ("juin", 6),
        ("jul", 7),
        ("juil", 7),
        ("aug", 8),
        ("aou", 8),
        ("sep", 9),
        ("oct", 10),
        ("nov", 11),
        ("dec", 12),
    ];
    MONTHS.iter().find(|(p, _)| n.starts_with(p)).map(|(_, m)| *m)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(line: &str) -> Option<(String, String)> {
        range(line).map(|r| (r.start, r.end.unwrap_or_default()))
    }

    #[test]
    fn ranges_in_english_and_french() {
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(r("Jan 2019 – Mar 2021"), pair("2019-01", "2021-03"));
        assert_eq!(r("September 2023 to present"), pair("2023-09", "present"));
        assert_eq!(r("01/2019 - 03/2021"), pair("2019-01", "2021-03"));
        assert_eq!(r("2015 - 2018"), pair("2015", "2018"));
        assert_eq!(r("De janvier 2019 à mars 2021"), pair("2019-01", "2021-03"));
        assert_eq!(r("Depuis sept. 2020 : Chef de projet chez Orange"), pair("2020-09", "present"));
        assert_eq!(r("juil. 2018 — aujourd'hui"), pair("2018-07", "present"));
        assert_eq!(r("mai 2017 - juin 2018"), pair("2017-05", "2018-06"));
        assert_eq!(r("août 2016 – déc. 2017"), pair("2016-08", "2017-12"));
        assert_eq!(r("Marketing Assistant (May 2020 - Current)"), pair("2020-05", "present"));
        assert_eq!(r("2019-03 → 2021-11"), pair("2019-03", "2021-11"));
        assert_eq!(r("Opened 3 new stores between 2018 and 2019"), None);
        assert_eq!(r("Cut delivery times by 20% in 2021"), None);
    }
}
