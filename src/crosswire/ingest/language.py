"""Is an article written in English? crosswire's extractors read English only, so an
article in another language is refused at ingest rather than mis-extracted.

`language_of(text)` gives None for text that reads as English (or is too short to tell),
else what it looks like ("French", "Arabic script"). Two general signals, no model:

* the script: if fewer than half of the letters are Latin, the text is not English, and
  the script most of them are in is named ("Arabic script", "Cyrillic script");
* the stop words: the share of the words that are in spaCy's stop word list of English
  (`spacy.lang.en.stop_words`) against the share in the lists of other languages written
  in Latin script (`OTHER_LANGUAGES`). English news has a median of 40-45% English stop
  words (terse notes such as ACLED's 37%, down to 14%), a French or Spanish article 3-5%,
  and about 50% in its own list. A text is refused when English's share is under
  `MIN_ENGLISH_SHARE` and another language's is at least `MIN_ENGLISH_SHARE` and more
  than `MARGIN` times English's. On the 2,324 English articles of ../shared/dev the
  largest ratio is 1.2 (an ACLED note naming "Rio de Janeiro"); an English article that
  quotes a sentence in French stays well inside.

Texts of fewer than `MIN_WORDS` words are not judged (a headline and a line are English
enough for the extractors to try).
"""

from __future__ import annotations

import importlib.util
import re
from functools import lru_cache
from pathlib import Path

from crosswire.ingest.clean import script_counts

OTHER_LANGUAGES = {
    "fr": "French",
    "es": "Spanish",
    "pt": "Portuguese",
    "it": "Italian",
    "de": "German",
    "nl": "Dutch",
    "id": "Indonesian",
    "tr": "Turkish",
    "pl": "Polish",
    "ro": "Romanian",
    "sv": "Swedish",
    "da": "Danish",
}
"""Languages in Latin script told from English by their spaCy stop word lists."""

MIN_WORDS = 20
MIN_ENGLISH_SHARE = 0.2
MARGIN = 2.0
# Words counted: the first this many, enough to judge and bounded on a long text.
_SAMPLE_WORDS = 5000
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def language_of(text: str) -> str | None:
    """None if `text` reads as English or is too short to tell, else what it looks like."""
    script = _foreign_script(text[: _SAMPLE_WORDS * 8])
    if script is not None:
        return script
    words = [w.lower() for w in _WORD.findall(text[: _SAMPLE_WORDS * 8])][:_SAMPLE_WORDS]
    if len(words) < MIN_WORDS:
        return None
    lists = _stop_words()
    english = _share(words, lists["en"])
    if english >= MIN_ENGLISH_SHARE:
        return None
    shares = {code: _share(words, lists[code]) for code in OTHER_LANGUAGES}
    best = max(sorted(shares), key=lambda code: shares[code])
    if shares[best] >= MIN_ENGLISH_SHARE and shares[best] > MARGIN * english:
        return OTHER_LANGUAGES[best]
    return None


def not_english(language: str) -> str:
    """The message for an article refused as `language`."""
    return f"not English (looks like {language}); crosswire extracts from English text"


def _foreign_script(text: str) -> str | None:
    """ "<Name> script" when fewer than half the letters (of at least `MIN_WORDS`) are Latin."""
    scripts = script_counts(text)
    letters = sum(scripts.values())
    if letters < MIN_WORDS or scripts["LATIN"] * 2 >= letters:
        return None
    name = max(sorted(scripts), key=lambda script: scripts[script])
    return f"{name.title()} script"


def _share(words: list[str], stop: frozenset[str]) -> float:
    return sum(1 for w in words if w in stop) / len(words)


@lru_cache(maxsize=1)
def _stop_words() -> dict[str, frozenset[str]]:
    """spaCy's stop word lists: English and `OTHER_LANGUAGES`. Each `stop_words.py` is run
    on its own: importing its package (spacy.lang.fr) would load all of the language's
    support and take seconds for the lot."""
    spec = importlib.util.find_spec("spacy")
    assert spec is not None and spec.origin is not None
    folder = Path(spec.origin).parent / "lang"
    found = {}
    for code in ("en", *OTHER_LANGUAGES):
        path = folder / code / "stop_words.py"
        module_spec = importlib.util.spec_from_file_location(f"_crosswire_stop_{code}", path)
        assert module_spec is not None and module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        found[code] = frozenset(str(w).lower() for w in module.STOP_WORDS)
    return found
