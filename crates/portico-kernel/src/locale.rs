//! Languages Portico speaks and per-locale formatting of dates, numbers and money.

use chrono::{Datelike, NaiveDateTime, Timelike};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Locale {
    #[default]
    En,
    Fr,
    Hr,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Fr, Locale::Hr];
    pub fn code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Hr => "hr",
        }
    }
    /// The language's own name, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Hr => "Hrvatski",
        }
    }
    pub fn parse(s: &str) -> Option<Locale> {
        let primary = s.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Locale::ALL.into_iter().find(|l| l.code() == primary)
    }
    /// Best match for an `Accept-Language` header, honouring q-values.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, Locale)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("");
            let q = it.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
            if let Some(l) = Locale::parse(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, l));
            }
        }
        best.map(|(_, l)| l)
    }

    fn separators(self) -> (&'static str, &'static str) {
        match self {
            Locale::En => (",", "."),
            Locale::Fr => ("\u{202f}", ","),
            Locale::Hr => (".", ","),
        }
    }

    /// Group digits and place the decimal separator per locale.
    pub fn format_decimal(self, value: i64, decimals: u32) -> String {
        let (group, point) = self.separators();
        let negative = value < 0;
        let abs = value.unsigned_abs();
        let scale = 10u64.pow(decimals);
        let int = (abs / scale).to_string();
        let mut grouped = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i).is_multiple_of(3) {
                grouped.push_str(group);
            }
            grouped.push(ch);
        }
        let mut out = if negative { format!("-{grouped}") } else { grouped };
        if decimals > 0 {
            out.push_str(point);
            out.push_str(&format!("{:0width$}", abs % scale, width = decimals as usize));
        }
        out
    }

    pub fn format_integer(self, value: i64) -> String {
        self.format_decimal(value, 0)
    }

    /// Money held as minor units (cents) plus an ISO currency code.
    pub fn format_money(self, minor: i64, currency: &str) -> String {
        let amount = self.format_decimal(minor, 2);
        let symbol = match currency {
            "EUR" => "€",
            "USD" => "$",
            "GBP" => "£",
            other => other,
        };
        match self {
            Locale::En => {
                if let Some(rest) = amount.strip_prefix('-') {
                    format!("-{symbol}{rest}")
                } else {
                    format!("{symbol}{amount}")
                }
            }
            Locale::Fr | Locale::Hr => format!("{amount}\u{a0}{symbol}"),
        }
    }

    /// A calendar date (local wall time) in the locale's style.
    pub fn format_date(self, t: impl Datelike) -> String {
        let m = t.month0() as usize;
        match self {
            Locale::En => format!("{} {}, {}", MONTHS_EN[m], t.day(), t.year()),
            Locale::Fr => format!("{} {} {}", t.day(), MONTHS_FR[m], t.year()),
            Locale::Hr => format!("{}. {}. {}.", t.day(), t.month(), t.year()),
        }
    }

    /// A day without its year, for the axis of a chart: "Dec 6", "6 déc.", "6. 12.".
    pub fn format_day(self, t: impl Datelike) -> String {
        let m = t.month0() as usize;
        match self {
            Locale::En => format!("{} {}", MONTHS_EN[m], t.day()),
            Locale::Fr => format!("{} {}", t.day(), MONTHS_FR[m]),
            Locale::Hr => format!("{}. {}.", t.day(), t.month()),
        }
    }

    /// A month of a year: "Dec 2026", "déc. 2026", "12. 2026.".
    pub fn format_month(self, t: impl Datelike) -> String {
        let m = t.month0() as usize;
        match self {
            Locale::En => format!("{} {}", MONTHS_EN[m], t.year()),
            Locale::Fr => format!("{} {}", MONTHS_FR[m], t.year()),
            Locale::Hr => format!("{}. {}.", t.month(), t.year()),
        }
    }

    /// A local wall-clock time: date, then 24-hour time, as used in France and Croatia (and for English, too).
    pub fn format_datetime(self, t: NaiveDateTime) -> String {
        format!("{} {:02}:{:02}", self.format_date(t), t.hour(), t.minute())
    }
}

const MONTHS_EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const MONTHS_FR: [&str; 12] =
    ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];

/// Fold accents so "élève", "Eleve" and "ELEVE" match; covers French and Croatian letters.
pub fn fold_accents(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => out.push('a'),
            'À' | 'Â' | 'Ä' | 'Á' | 'Ã' | 'Å' => out.push('A'),
            'ç' | 'č' | 'ć' => out.push('c'),
            'Ç' | 'Č' | 'Ć' => out.push('C'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'É' | 'È' | 'Ê' | 'Ë' => out.push('E'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'Î' | 'Ï' | 'Í' | 'Ì' => out.push('I'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'Ô' | 'Ö' | 'Ó' | 'Ò' | 'Õ' => out.push('O'),
            'û' | 'ü' | 'ú' | 'ù' => out.push('u'),
            'Û' | 'Ü' | 'Ú' | 'Ù' => out.push('U'),
            'ÿ' | 'ý' => out.push('y'),
            'Ÿ' | 'Ý' => out.push('Y'),
            'ñ' => out.push('n'),
            'Ñ' => out.push('N'),
            'š' => out.push('s'),
            'Š' => out.push('S'),
            'ž' => out.push('z'),
            'Ž' => out.push('Z'),
            'đ' => out.push('d'),
            'Đ' => out.push('D'),
            'œ' => out.push_str("oe"),
            'Œ' => out.push_str("OE"),
            'æ' => out.push_str("ae"),
            'Æ' => out.push_str("AE"),
            'ß' => out.push_str("ss"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_money() {
        assert_eq!(Locale::En.format_money(123456789, "EUR"), "€1,234,567.89");
        assert_eq!(Locale::Fr.format_money(123456789, "EUR"), "1\u{202f}234\u{202f}567,89\u{a0}€");
        assert_eq!(Locale::Hr.format_money(-5, "EUR"), "-0,05\u{a0}€");
        assert_eq!(Locale::Hr.format_integer(1000), "1.000");
        assert_eq!(Locale::En.format_integer(999), "999");
    }

    #[test]
    fn dates() {
        let t = chrono::NaiveDate::from_ymd_opt(2026, 2, 3).and_then(|d| d.and_hms_opt(9, 5, 0)).unwrap_or_default();
        assert_eq!(Locale::En.format_date(t), "Feb 3, 2026");
        assert_eq!(Locale::Fr.format_date(t), "3 févr. 2026");
        assert_eq!(Locale::Hr.format_datetime(t), "3. 2. 2026. 09:05");
    }

    #[test]
    fn accept_language() {
        assert_eq!(Locale::from_accept_language("de-DE,fr;q=0.8,hr;q=0.9"), Some(Locale::Hr));
        assert_eq!(Locale::from_accept_language("fr-CA"), Some(Locale::Fr));
        assert_eq!(Locale::from_accept_language("de"), None);
    }

    #[test]
    fn folding() {
        assert_eq!(fold_accents("Élève Đurđević œuvre"), "Eleve Durdevic oeuvre");
    }
}
