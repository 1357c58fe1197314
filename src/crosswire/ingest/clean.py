"""Clean article text as scraped, before it is stored.

Every character span crosswire records refers to the cleaned text, so `clean_text` is
deterministic and idempotent: `clean_text(clean_text(x)) == clean_text(x)`. It applies
general rules only, never rules for particular sites or articles.

Characters
    * Broken encodings (mojibake such as "Itâ€™s") are repaired with ftfy, which also
      turns curly quotes and apostrophes into straight ones, fixes ligatures and
      full-width letters, removes control characters and normalises line breaks
      (\\r\\n, \\r, U+2028, ...) to \\n. HTML entities are left alone: decoding them is
      the readers' job, and decoding here would not be idempotent ("&amp;lt;").
    * Zero-width characters (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen), the
      direction marks (LRM, RLM, ALM) and the bidirectional embeddings, overrides and
      isolates (U+202A-U+202E, U+2066-U+2069) are removed, and the text is put in Unicode
      NFC: none of them is visible, and an override could make a stored quote display
      otherwise than it reads.

Whitespace
    * Each line is stripped and runs of white space inside it (tabs, non-breaking and
      other odd spaces) become one plain space.
    * No more than one blank line in a row; the whole text is stripped.

Page furniture: a non-blank line is dropped when
    (a) it is only a UI label from `FURNITURE_LABELS` ("Share", "Copied", "Read more",
        ...), or a few of them in a row ("Hide Transcript Show Transcript"), in any case,
        with an optional trailing ":";
    (b) it parses as a JSON array or object (tag lists from page metadata such as
        `["news","World"]`);
    (c) it is a single lowercase word with no punctuation (template leftovers: "block");
    (d) it is the first or the last line, has at most 3 words, and most of its letters are
        in another Unicode script than the document's dominant one (an Arabic "Share :"
        under an English article);
    (e) it has at least 5 words and the next non-blank line is the same: scrapers repeat
        photo captions, and also lead paragraphs (a page summary followed by the body).
        One copy is kept, unless the line reads as a caption (a photo or image credit such
        as "Photo:", "File Photo", "Getty Images", "REUTERS/Name") or stands above the
        article's dateline, where the body has not begun yet: then all copies go.
Everything else is kept, short lines included (an outlet name in capitals, a dateline).
Dropping a line can expose another (a caption pair that a "Share" line kept apart), so
the rules run until nothing changes.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import re
import unicodedata
from collections import Counter

import ftfy

from crosswire.ingest.front import is_dateline

logger = logging.getLogger(__name__)

FURNITURE_LABELS: tuple[str, ...] = (
    "Advertisement",
    "Back to top",
    "Close",
    "Comment",
    "Comments",
    "Continue reading",
    "Copied",
    "Copy",
    "Copy link",
    "Email",
    "E-mail",
    "Facebook",
    "Follow us",
    "Hide caption",
    "Hide transcript",
    "Leave a comment",
    "Link copied",
    "LinkedIn",
    "Listen",
    "Listen to this article",
    "Loading",
    "Log in",
    "Menu",
    "Next",
    "Play video",
    "Please enable JavaScript to watch this video",
    "Previous",
    "Print",
    "Read more",
    "Read next",
    "Related",
    "Search",
    "Share",
    "Share this",
    "Share this article",
    "Shares",
    "Show caption",
    "Show transcript",
    "Sign in",
    "Sign up",
    "Skip to content",
    "Skip to main content",
    "Sponsored",
    "Subscribe",
    "Telegram",
    "Toggle navigation",
    "Tweet",
    "Twitter",
    "WhatsApp",
)
"""UI labels that make up a whole line of page furniture (rule a), matched ignoring case."""

_CONFIG = ftfy.TextFixerConfig(unescape_html=False)
_INVISIBLE = (
    "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width characters, soft hyphen
    "\u200e\u200f\u061c"  # direction marks
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"  # embeddings, isolates
)
_ZERO_WIDTH = dict.fromkeys(map(ord, _INVISIBLE))
_LABELS = "|".join(
    re.escape(label).replace(r"\ ", r"\s+")
    for label in sorted(FURNITURE_LABELS, key=len, reverse=True)
)
_LABEL_LINE = re.compile(rf"(?:(?:{_LABELS})\s*[:|•·]?\s*)+", re.IGNORECASE)
_MAX_LABEL_LINE = 80
_SHORT_WORDS = 3
_CAPTION_WORDS = 5
_CREDIT_WORDS = re.compile(
    r"\b(?:(?:file )?photo(?:graph)?s?|pictures?|images?|credit|caption)\b\s*[:)/]|"
    r"(?:/|\(|\b)(?:file )?photo\b|getty images|\bphoto credit\b",
    re.IGNORECASE,
)
_CREDIT_SLASH = re.compile(r"\b[A-Z]{2,}/\s?[A-Z][a-z]+")
_MAX_ROUNDS = 5
# Scripts that mix within one language are counted as one.
_SCRIPT_ALIASES = {"HIRAGANA": "CJK", "KATAKANA": "CJK", "HANGUL": "CJK"}


def clean_text(raw: str) -> str:
    """Return `raw` cleaned by the rules in the module docstring; idempotent."""
    text = raw
    for _ in range(_MAX_ROUNDS):
        cleaned = _clean_once(text)
        if cleaned == text:
            return cleaned
        text = cleaned
    logger.warning("clean_text did not settle after %d rounds", _MAX_ROUNDS)
    return text


def _clean_once(text: str) -> str:
    """One pass of every rule: characters, whitespace, furniture, blank lines."""
    text = ftfy.fix_text(text, _CONFIG)
    text = unicodedata.normalize("NFC", text.translate(_ZERO_WIDTH))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = _drop_furniture(lines)
    return _join(lines)


def _join(lines: list[str]) -> str:
    """Join lines with at most one blank line in a row, stripped at both ends."""
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def _drop_furniture(lines: list[str]) -> list[str]:
    """Drop furniture lines (rules a-e) until no rule finds another."""
    lines = [line for line in lines if not (line and _is_furniture_line(line))]
    while True:
        kept = _drop_repeated(_drop_foreign_ends(lines))
        if len(kept) == len(lines):
            return kept
        lines = kept


def _is_furniture_line(line: str) -> bool:
    """Rules (a), (b) and (c): a line that is furniture whatever its neighbours."""
    return is_label_line(line) or _is_json_line(line) or (line.isalpha() and line.islower())


def is_label_line(line: str) -> bool:
    """True if `line` is only UI labels from `FURNITURE_LABELS` (rule a)."""
    return len(line) <= _MAX_LABEL_LINE and _LABEL_LINE.fullmatch(line.strip()) is not None


def _is_json_line(line: str) -> bool:
    """True if `line` parses as a JSON array or object (rule b)."""
    if not (line[0] in "[{" and line[-1] in "]}"):
        return False
    try:
        value = json.loads(line)
    except ValueError:
        return False
    return isinstance(value, list | dict)


def _drop_foreign_ends(lines: list[str]) -> list[str]:
    """Rule (d): drop short first and last lines written in another script."""
    dominant = _dominant_script("\n".join(lines))
    if dominant is None:
        return lines
    filled = [i for i, line in enumerate(lines) if line]
    while filled and _is_foreign_label(lines[filled[-1]], dominant):
        filled.pop()
    while filled and _is_foreign_label(lines[filled[0]], dominant):
        filled.pop(0)
    if not filled:
        return []
    return lines[filled[0] : filled[-1] + 1]


def _is_foreign_label(line: str, dominant: str) -> bool:
    """A line of at most 3 words whose letters are mostly not in the `dominant` script."""
    if len(line.split()) > _SHORT_WORDS:
        return False
    scripts = [_script(ch) for ch in line if ch.isalpha()]
    if not scripts:
        return False
    return scripts.count(dominant) * 2 < len(scripts)


def _dominant_script(text: str) -> str | None:
    """The script most letters of `text` are written in, or None without letters."""
    counts: Counter[str] = Counter()
    for name, n in script_counts(text).items():
        counts[_SCRIPT_ALIASES.get(name, name)] += n
    if not counts:
        return None
    return max(sorted(counts), key=lambda script: counts[script])


def _script(ch: str) -> str:
    name = script_of(ch)
    return _SCRIPT_ALIASES.get(name, name)


def script_counts(text: str) -> Counter[str]:
    """How many letters of `text` each Unicode script has (see `script_of`)."""
    counts: Counter[str] = Counter()
    for ch, n in Counter(text).items():  # each distinct character named once
        if ch.isalpha():
            counts[script_of(ch)] += n
    return counts


@functools.lru_cache(maxsize=4096)
def script_of(ch: str) -> str:
    """The Unicode script of a letter, from the first word of its name ("LATIN")."""
    return unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]


def _drop_repeated(lines: list[str]) -> list[str]:
    """Rule (e): of a line of 5+ words repeated on the next non-blank line, keep one copy;
    drop all copies of a caption or of a repeated line above the dateline."""
    filled = [i for i, line in enumerate(lines) if line]
    dateline = next((i for i in filled if is_dateline(lines[i])), None)
    drop: set[int] = set()
    for here, there in itertools.pairwise(filled):
        line = lines[here]
        if line == lines[there] and len(line.split()) >= _CAPTION_WORDS:
            drop.add(there)
            if _is_caption(line) or (dateline is not None and there < dateline):
                drop.add(here)
    return [line for i, line in enumerate(lines) if i not in drop]


def _is_caption(line: str) -> bool:
    """A photo or image credit: "Photo:", "File Photo", "Getty Images", "REUTERS/Name"."""
    return bool(_CREDIT_WORDS.search(line) or _CREDIT_SLASH.search(line))
