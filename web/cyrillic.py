"""Serbian in Cyrillic, derived from Serbian in Latin by transliteration: nothing second to maintain.

The law puts the Cyrillic alphabet beside the Latin one, and Serb-majority municipalities use
it. The interface's catalog (locale/sr) is generated from locale/sr_Latn by
`python manage.py cyrillic_catalog`; staff write Serbian content once, in Latin, and a page,
PDF or email in `sr` shows it transliterated (web.cyrillic_templates, web.fallback).

What must stay as written is left alone: placeholders (%(name)s, {name}), HTML tags and
entities, addresses (URLs, emails, domains, file names), identifiers, and Latin-only codes
and words of other languages (PDF, iCal, CC BY 4.0, SHA-256, Wi-Fi). In HTML only text is
transliterated, and only outside <code>, <pre>, <script>, <style>, <textarea> and elements
in another language (lang="sq", lang="sr-latn") or marked translate="no".
"""

from __future__ import annotations

import re
import unicodedata

import cyrtranslit
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

# Latin-only codes and names as they are written in Cyrillic text too ("PDF-у", "у CSV формату").
LATIN_TERMS = (
    "CC BY-SA 4.0",
    "CC BY 4.0",
    "CC0",
    "Istog Consult",
    "PDF/UA",
    "PDF/A",
    "DCAT-AP",
    "JSON-LD",
    "UTF-8",
    "SHA-256",
    "AGPL",
    "API",
    "BOM",
    "CSV",
    "DCAT",
    "GNU",
    "HTML",
    "HTTP",
    "HTTPS",
    "ICS",
    "IP",
    "ISO",
    "JPEG",
    "JSON",
    "NUL",
    "ODS",
    "OWASP",
    "PDF",
    "PNG",
    "QR",
    "RFC",
    "RSS",
    "SHA",
    "SMTP",
    "SVG",
    "URL",
    "UTC",
    "XLSX",
    "XML",
    "ZIP",
    "Atom",
    "DATABASES",
    "Django",
    "Europe/Belgrade",
    "Frictionless Data",
    "Frictionless",
    # The open data's JSON keys and values, which the open data page quotes.
    "columns",
    "hearings",
    "licence",
    "totals",
    "passed",
    "failed",
    "off",
    "null",
)
_TLDS = "org|net|com|eu|rs|info|gov|edu|int|io|dev|app|xk|ks|al|ba|me|mk|hr|si|de|at|ch|uk|example"
_FILE_TYPES = "pdf|csv|json|jsonld|ics|xml|html?|txt|png|jpe?g|svg|zip|ods|xlsx?|docx?|odt|rss|atom"
# Serbian marks a word's accent where it tells two words apart (kôd "code", kod "at"): ô, â, ê, î, û.
_SERBIAN_ACCENTED = "âêîôûÂÊÎÔÛ"
_NOT_SERBIAN_LATIN = rf"(?:(?![čćđšžČĆĐŠŽ{_SERBIAN_ACCENTED}])[qwxyQWXY\u00c0-\u024f])"
# An address ends before the punctuation of the sentence it stands in.
_ADDRESS_TAIL = r"[^\s<>\"']*[^\s<>\"'.,;:!?)]"
_NOT_A_SERBIAN_WORD = rf"_|\d(?<=[A-Za-z]\d)|[A-Za-z](?<=\d[A-Za-z])|[a-zčćđšž][A-ZČĆĐŠŽ]|{_NOT_SERBIAN_LATIN}"
# Around text kept as written (keep_as_written): private-use characters, removed after the rendering.
KEEP_START, KEEP_END = "\ue000", "\ue001"
# Each alternative starts where a word, tag or address can start, so that a page is scanned once.
_PROTECTED = re.compile(
    "|".join(
        (
            f"{KEEP_START}[^{KEEP_END}]*{KEEP_END}",  # text kept as written
            r"<[^<>]*>",  # an HTML tag
            r"&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z]\w*);",  # an HTML entity
            r"%\([^)\s]*\)[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc]|%[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGc%]",  # printf
            r"\{[\w.\[\]]*(?:![rsa])?(?::[^{}\s]*)?\}",  # str.format placeholders
            rf"(?:https?|ftp|file)://{_ADDRESS_TAIL}|mailto:[^\s<>\"']+|www\.{_ADDRESS_TAIL}",  # a URL
            r"(?<![\w.+-])[\w.+-]++@[\w-]+(?:\.[\w-]+)+",  # an email address
            rf"(?<![\w.-])(?:[\w-]++\.)+(?:{_TLDS}|{_FILE_TYPES})\b(?:/{_ADDRESS_TAIL})?",  # a domain, a file name
            r"(?<![\w-])--?[A-Za-z][\w-]*",  # a command's option (--days)
            r"\b(?:" + "|".join(re.escape(term) for term in LATIN_TERMS) + r")(?!\w)",
            # A word that is no Serbian word: an identifier (SITE_URL), letters with digits (sha256, 5xx),
            # camelCase (iCal, PostgreSQL) or a letter Serbian Latin lacks (Wi-Fi, Shqip, Xerox).
            rf"(?<![\w-])(?=[\w-]*?(?:{_NOT_A_SERBIAN_WORD}))[\w-]+",
        )
    )
)
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# Where Serbian writes the two letters of a digraph apart (prefix + root), or capitals that
# cyrtranslit does not know ("NJ", "LJ", "DŽ" in a word in capitals).
_BEFORE = (
    ("nadž", "надж"),
    ("Nadž", "Надж"),
    ("podž", "подж"),
    ("Podž", "Подж"),
    ("injek", "инјек"),
    ("konjug", "конјуг"),
    ("konjunk", "конјунк"),
    ("NJ", "Њ"),
    ("LJ", "Љ"),
    ("DŽ", "Џ"),
)


def _letters(text: str) -> str:
    for latin, cyrillic in _BEFORE:
        text = text.replace(latin, cyrillic)
    for accented in _SERBIAN_ACCENTED:
        if accented in text:
            # The base letter and a combining circumflex, which cyrtranslit passes through: kôd -> ко̂д.
            text = text.replace(accented, unicodedata.normalize("NFD", accented))
    return cyrtranslit.to_cyrillic(text, "sr")


def to_cyrillic(text: str) -> str:
    """Serbian Latin text in Cyrillic, leaving placeholders, tags, addresses and Latin-only codes as they are."""
    if not _LATIN_LETTER.search(text):
        return text  # already Cyrillic, or digits and punctuation
    parts = []
    position = 0
    for protected in _PROTECTED.finditer(text):
        parts.append(_letters(text[position : protected.start()]))
        parts.append(protected.group())
        position = protected.end()
    parts.append(_letters(text[position:]))
    return "".join(parts)


def keep_as_written(text: str) -> str:
    """Text (a citizen's own words in a plain-text email) that the Cyrillic rendering must leave as it is.

    HTML says so with lang="…" or translate="no"; plain text has no markup, so the text is put
    between two private-use characters, which the template backend removes (web.cyrillic_templates).
    """
    if not text or not is_transliterated(translation.get_language()):
        return text
    return f"{KEEP_START}{text}{KEEP_END}"


def without_keep_marks(text: str) -> str:
    """The rendered text without keep_as_written's marks."""
    return text.replace(KEEP_START, "").replace(KEEP_END, "") if KEEP_START in text else text


# --- HTML ---------------------------------------------------------------------------

# Elements whose text is code, raw text or what someone typed: never transliterated.
_VERBATIM = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math", "template"})
_RAW_TEXT = frozenset({"script", "style", "textarea"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<\?[^>]*>|</?[A-Za-z][^<>]*>|[^<]+|<", re.DOTALL)
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]*)")
_LANG = re.compile(r"""\slang\s*=\s*["']?([\w-]*)""", re.IGNORECASE)
_NO_TRANSLATE = re.compile(r"""\stranslate\s*=\s*["']?no\b""", re.IGNORECASE)
# Attributes people read or hear: their values are text too.
_TEXT_ATTRIBUTE = re.compile(
    r"""(\s(?:title|alt|aria-label|aria-description|aria-roledescription|placeholder)\s*=\s*)("[^"]*"|'[^']*')""",
    re.IGNORECASE,
)
_META_TEXT = re.compile(
    r"""\s(?:name|property)\s*=\s*["']?(?:description|og:title|og:description|og:site_name|og:image:alt|"""
    r"""twitter:title|twitter:description|application-name)["'\s>/]""",
    re.IGNORECASE,
)
_META_CONTENT = re.compile(r"""(\scontent\s*=\s*)("[^"]*"|'[^']*')""", re.IGNORECASE)
CYRILLIC_LANGUAGES = frozenset({"sr", "sr-cyrl", "sr-cyrl-rs", "sr-rs"})


def _attribute_values(tag: str, pattern: re.Pattern) -> str:
    return pattern.sub(lambda match: match.group(1) + to_cyrillic(match.group(2)), tag)


def html_to_cyrillic(html: str) -> str:
    """An HTML document or fragment with its Serbian Latin text in Cyrillic (markup and foreign passages untouched)."""
    out = []
    # (element name, whether its content is transliterated)
    stack: list[tuple[str, bool]] = []
    transliterating = True
    raw_text_end = ""  # inside <script>, <style> or <textarea>: everything up to its end tag stays
    for token in _TOKEN.finditer(html):
        text = token.group()
        if raw_text_end:
            if text.lower().startswith(raw_text_end):
                raw_text_end = ""
            else:
                out.append(text)
                continue
        if text[0] != "<" or text == "<":
            out.append(to_cyrillic(text) if transliterating else text)
            continue
        tag = _TAG.match(text)
        if tag is None:  # a comment, doctype or processing instruction
            out.append(text)
            continue
        out_text = text
        closing, name = tag.group(1), tag.group(2).lower()
        if closing:
            for depth in range(len(stack) - 1, -1, -1):
                if stack[depth][0] == name:
                    del stack[depth:]
                    transliterating = stack[-1][1] if stack else True
                    break
        else:
            own = transliterating
            if "lang" in text and (language := _LANG.search(text)) is not None:
                own = language.group(1).lower() in CYRILLIC_LANGUAGES
            if name in _VERBATIM or ("translate" in text and _NO_TRANSLATE.search(text)):
                own = False
            if own and "=" in text:
                out_text = _attribute_values(text, _TEXT_ATTRIBUTE)
                if name == "meta" and _META_TEXT.search(text):
                    out_text = _attribute_values(out_text, _META_CONTENT)
            if name in _RAW_TEXT:
                raw_text_end = f"</{name}"
            elif name not in _VOID and not text.endswith("/>"):
                stack.append((name, own))
                transliterating = own
        out.append(out_text)
    return "".join(out)


# --- Which languages ----------------------------------------------------------------


def source_language(code: str | None) -> str | None:
    """The language whose texts a transliterated language shows ("sr" -> "sr-latn"); any other code as it is."""
    return settings.TRANSLITERATED_LANGUAGES.get(code, code)


def is_transliterated(code: str | None) -> bool:
    """Whether a language is rendered from another by transliteration (Serbian Cyrillic)."""
    return code in settings.TRANSLITERATED_LANGUAGES


# --- The interface's catalog ------------------------------------------------------------

GENERATED_NOTE = (
    "# Generated from locale/sr_Latn by `python manage.py cyrillic_catalog` (make compile-messages):\n"
    "# do not edit; correct the Serbian (Latin) catalog and generate this one again.\n"
)
_PO_LINE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*"(.*)"\s*$')
_PO_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _po_unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda match: _PO_ESCAPES.get(match.group(1), "\\" + match.group(1)), text)


def _po_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def catalog_to_cyrillic(po_text: str, language: str = "sr") -> str:
    """A Serbian Latin gettext catalog in Serbian Cyrillic: every msgstr (plurals too), and the header's Language."""
    lines = []
    keyword = None
    header = False
    for line in po_text.splitlines(keepends=True):
        match = _PO_LINE.match(line.rstrip("\n"))
        if match is None:
            # A comment, a flag or a blank line: as it is.
            keyword = None if not line.startswith("#~") else keyword
            lines.append(line)
            continue
        if match.group(1):
            keyword = match.group(1)
            if keyword == "msgid":
                header = match.group(2) == ""
        prefix = line[: match.start(2) - 1]
        value = match.group(2)
        if keyword and keyword.startswith("msgstr"):
            if header:
                value = re.sub(r"^Language: [\w@-]*\\n$", f"Language: {language}\\\\n", value)
            else:
                value = _po_escape(to_cyrillic(_po_unescape(value)))
        lines.append(f'{prefix}"{value}"\n')
    return GENERATED_NOTE + "".join(lines)


def content_language() -> str | None:
    """The active language as content columns know it: Serbian Cyrillic reads the Serbian Latin ones."""
    return source_language(translation.get_language())


def read_source_content_in_modeltranslation() -> None:
    """Make django-modeltranslation read "sr-latn" columns while "sr" is active (there are no "sr" columns).

    modeltranslation falls back to the default language (Albanian) for a language it has no
    columns for, and offers no setting to name another; its one way to the active language is
    modeltranslation.utils.get_language(), which reads Django's through `_get_language`.
    """
    from modeltranslation import utils

    if not callable(getattr(utils, "_get_language", None)):
        raise ImproperlyConfigured("modeltranslation.utils._get_language is gone: see web.cyrillic.")
    utils._get_language = content_language
