//! A site's custom CSS, kept to what styles a page: style rules and `@media` blocks whose
//! values call known functions only. Nothing survives that loads a resource (`url()`,
//! `@import`, `image-set()`), runs script (`expression()`, bindings), leaves the style
//! element (`<`) or hides a character behind an escape (`\`). Every selector is scoped to
//! the page's `.site` root. What is dropped is dropped silently, rule by rule or declaration
//! by declaration; sanitizing twice gives the same text.

/// Longest custom CSS kept, in characters.
pub const MAX_CHARS: usize = 20_000;

/// Functions a value may call: colours, arithmetic, gradients, transforms and timing.
const FUNCTIONS: &[&str] = &[
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "hwb",
    "lab",
    "lch",
    "oklab",
    "oklch",
    "color-mix",
    "calc",
    "var",
    "min",
    "max",
    "clamp",
    "minmax",
    "repeat",
    "fit-content",
    "linear-gradient",
    "radial-gradient",
    "conic-gradient",
    "repeating-linear-gradient",
    "repeating-radial-gradient",
    "translate",
    "translatex",
    "translatey",
    "rotate",
    "scale",
    "skew",
    "cubic-bezier",
    "steps",
    "drop-shadow",
    "blur",
    "brightness",
    "contrast",
    "grayscale",
    "saturate",
];

/// Pseudo-classes a selector may give an argument to.
const PSEUDO: &[&str] =
    &["not", "is", "where", "has", "nth-child", "nth-last-child", "nth-of-type", "nth-last-of-type", "lang", "dir"];

/// The CSS of `input` that is safe to put in a public page's `<style>`.
pub fn sanitize(input: &str) -> String {
    let src: String = strip_comments(input).chars().take(MAX_CHARS).collect();
    let mut out = String::new();
    for (prelude, body) in blocks(&src) {
        if let Some(query) = prelude.strip_prefix("@media") {
            let query = query.trim();
            let inner: String = blocks(body).filter_map(|(sel, decls)| rule(sel, decls)).collect();
            if media_query_ok(query) && !inner.is_empty() {
                out.push_str(&format!("@media {query}{{\n{inner}}}\n"));
            }
        } else if let Some(r) = rule(prelude, body) {
            out.push_str(&r);
        }
    }
    out
}

fn strip_comments(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        match rest[start + 2..].find("*/") {
            Some(end) => rest = &rest[start + 2 + end + 2..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The top-level `prelude { body }` pairs of `src`, bodies with their nested braces. A
/// statement ending in `;` (an `@import`) or a stray `}` is skipped; an unclosed block ends it.
fn blocks(src: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = src;
    std::iter::from_fn(move || {
        loop {
            let open = rest.find(['{', ';', '}'])?;
            if rest.as_bytes()[open] != b'{' {
                rest = &rest[open + 1..];
                continue;
            }
            let prelude = rest[..open].trim();
            let mut depth = 0usize;
            let mut close = None;
            for (i, c) in rest[open..].char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(open + i);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            let close = close?;
            let body = &rest[open + 1..close];
            rest = &rest[close + 1..];
            return Some((prelude, body));
        }
    })
}

/// One style rule, scoped and with its safe declarations, or nothing.
fn rule(selector: &str, body: &str) -> Option<String> {
    if selector.starts_with('@') || body.contains('{') {
        return None;
    }
    let selector = scope(selector)?;
    let decls: Vec<String> = body.split(';').filter_map(declaration).collect();
    (!decls.is_empty()).then(|| format!("{selector}{{{}}}\n", decls.join(";")))
}

fn scope(selector: &str) -> Option<String> {
    let ok = |c: char| c.is_ascii_alphanumeric() || " \t\n_-.#:>+~*,[]=\"'()^$|".contains(c);
    if selector.is_empty() || selector.len() > 300 || !selector.chars().all(ok) || !strings_closed(selector) {
        return None;
    }
    // Parentheses only as the argument of a known pseudo-class.
    let pseudo_ok = selector.match_indices('(').all(|(i, _)| {
        let before = &selector[..i];
        let name = before.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).next().unwrap_or("");
        before[..before.len() - name.len()].ends_with(':') && PSEUDO.contains(&name.to_ascii_lowercase().as_str())
    });
    if !pseudo_ok {
        return None;
    }
    let parts: Vec<String> = split_top(selector, ',')
        .into_iter()
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .map(|s| match s.as_str() {
            ".site" | "html" | "body" | ":root" => ".site".to_string(),
            _ if s.starts_with(".site ") => s,
            _ => format!(".site {s}"),
        })
        .collect();
    (!parts.is_empty()).then(|| parts.join(", "))
}

/// `s` split on `sep` outside parentheses and brackets.
fn split_top(s: &str, sep: char) -> Vec<&str> {
    let (mut depth, mut start, mut parts) = (0i32, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            c if c == sep && depth == 0 => {
                parts.push(&s[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&s[start..]);
    parts
}

fn declaration(decl: &str) -> Option<String> {
    let (prop, value) = decl.split_once(':')?;
    let prop = prop.trim().to_ascii_lowercase();
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let name_ok =
        |p: &str| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    let custom = prop.strip_prefix("--").is_some_and(name_ok);
    let standard = prop.starts_with(|c: char| c.is_ascii_lowercase() || c == '-')
        && name_ok(&prop)
        && !prop.contains("binding")
        && prop != "behavior";
    ((custom || standard) && value_ok(&value)).then(|| format!("{prop}:{value}"))
}

fn value_ok(value: &str) -> bool {
    let ok = |c: char| c.is_alphanumeric() || " #%.,()-+/!'\"_*".contains(c);
    if value.is_empty() || value.len() > 500 || !value.chars().all(ok) || value.contains("/*") || value.contains("*/") {
        return false;
    }
    if !strings_closed(value) {
        return false;
    }
    // Every `name(` must name a known function.
    let lower = value.to_ascii_lowercase();
    lower.match_indices('(').all(|(i, _)| {
        let name = lower[..i].rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).next().unwrap_or("");
        name.is_empty() || FUNCTIONS.contains(&name)
    })
}

/// Whether every string in `text` ends where it should: a quote opens a string that only
/// the same quote closes.
fn strings_closed(text: &str) -> bool {
    let mut open: Option<char> = None;
    for c in text.chars() {
        match open {
            Some(q) if c == q => open = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => open = Some(c),
            None => {}
        }
    }
    open.is_none()
}

fn media_query_ok(query: &str) -> bool {
    !query.is_empty() && query.len() <= 200 && query.chars().all(|c| c.is_ascii_alphanumeric() || " ():,.-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::sanitize;
    use proptest::prelude::*;

    #[test]
    fn keeps_what_styles_a_page_and_scopes_it() {
        let css = "/* brand */ h1, .hero p { color: #0a3d62; font-size: clamp(1.5rem, 4vw, 2.5rem) }\n\
                   body { background: linear-gradient(#fff, #eef) }\n\
                   @media (max-width: 600px) { .hero { padding: 8px 12px !important; } }";
        let out = sanitize(css);
        assert!(out.contains(".site h1, .site .hero p{color:#0a3d62;font-size:clamp(1.5rem, 4vw, 2.5rem)}"), "{out}");
        assert!(out.contains(".site{background:linear-gradient(#fff, #eef)}"), "{out}");
        assert!(out.contains("@media (max-width: 600px){\n.site .hero{padding:8px 12px !important}\n}"), "{out}");
    }

    #[test]
    fn drops_what_loads_runs_or_escapes() {
        let css = "@import url(https://evil.test/x.css);\n\
                   a { background: url(javascript:alert(1)); color: red }\n\
                   b { width: expression(alert(1)); -moz-binding: x; behavior: y }\n\
                   i { content: \"\\3c /style>\" }\n\
                   p { color: blue } </style><script>alert(1)</script>\n\
                   @font-face { font-family: x; src: url(x.woff) }\n\
                   q { background-image: image-set(\"x.png\" 1x) }\n\
                   u { color: green";
        let out = sanitize(css);
        for bad in ["url(", "@import", "expression", "binding", "behavior", "<", "\\", "@font-face", "image-set"] {
            assert!(!out.to_lowercase().contains(bad), "{bad} in {out}");
        }
        assert!(out.contains(".site a{color:red}") && out.contains(".site p{color:blue}"), "{out}");
        assert!(!out.contains("green"), "an unclosed block is dropped: {out}");
    }

    proptest! {
        #[test]
        fn nothing_dangerous_survives_and_a_second_pass_changes_nothing(
            parts in proptest::collection::vec(prop_oneof![
                Just("a{color:red}".to_string()),
                Just("@media (min-width:1px){b{margin:0}}".to_string()),
                Just("url(x)".to_string()),
                Just("</style>".to_string()),
                Just("@import 'x';".to_string()),
                Just("\\75 rl(x)".to_string()),
                Just("expression(1)".to_string()),
                Just("a{content:'\"' \"x;color:red}".to_string()),
                Just("\"".to_string()),
                Just("'".to_string()),
                Just("{".to_string()),
                Just("}".to_string()),
                Just(";".to_string()),
                Just("/*".to_string()),
                Just(":".to_string()),
                "[ -~]{0,12}",
                ".{0,6}",
            ], 0..24)
        ) {
            let input = parts.concat();
            let out = sanitize(&input);
            let lower = out.to_lowercase();
            for bad in ["url(", "<", "\\", "@import", "expression", "/*"] {
                prop_assert!(!lower.contains(bad), "{} in {:?} from {:?}", bad, out, input);
            }
            prop_assert_eq!(out.matches('{').count(), out.matches('}').count());
            prop_assert!(super::strings_closed(&out), "a string left open in {:?}", out);
            prop_assert_eq!(sanitize(&out), out.clone());
        }
    }
}
