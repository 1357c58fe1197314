"""The gazetteer entity ruler: place names that the small English model mislabels (many
Arabic names come out as ORG or PERSON) are tagged as places before its NER runs.
`nlp.load()` adds it with `add_place_ruler`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crosswire.gazetteer import (
    _ARTICLES,
    _FOLD,
    _SUN_ARTICLES,
    ADMIN1,
    ADMIN2,
    Gazetteer,
    Place,
    data_dir,
    get,
    normalize,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

RULER_MIN_POPULATION = 15000  # places whose main name the ruler tags
RULER_MIN_ALTERNATE = 100000  # places whose "al-X"-style or multiword other names it tags
RULER_MIN_ARTICLE = 2000  # places whose own name has an article ("Al Bab", "Tall al Abyad")


def _common_words(language: Language) -> tuple[set[str], set[str]]:
    """Lowercase English words: (stop words and verb/adjective/adverb lemmas, noun lemmas).
    The lemmas come from the lemmatizer's dictionary (WordNet lemmas), whose nouns include
    well-known places ("paris") along with common nouns ("delta")."""
    words = set(language.Defaults.stop_words)
    lemmatizer: Any = (
        language.get_pipe("lemmatizer") if "lemmatizer" in language.pipe_names else None
    )
    table = lemmatizer.lookups.get_table("lemma_index", {}) if lemmatizer else {}
    for pos in ("verb", "adj", "adv"):
        words.update(table.get(pos, ()))
    return words, set(table.get("noun", ()))


def _ruler_names(gazetteer: Gazetteer) -> Iterator[tuple[str, Place]]:
    """Names for the ruler: see `add_place_ruler`."""
    sql = (
        "SELECT n.name, p.* FROM names n JOIN places p ON p.id = n.place WHERE n.loose = 0 "
        "AND (p.level <= 1 OR p.population >= ? OR (p.population >= ? AND n.name = p.name))"
    )
    for db in gazetteer.dbs:
        for name, *row in db.execute(sql, (RULER_MIN_ALTERNATE, RULER_MIN_ARTICLE)):
            place, main, big = Place(*row), name == row[1], row[7] >= RULER_MIN_ALTERNATE
            article = normalize(name).split()[0] in _ARTICLES | _SUN_ARTICLES and " " in name
            if (
                place.level <= ADMIN1
                or (main and place.population >= RULER_MIN_POPULATION)
                or ((main or big) and article)
                or (big and ("-" in name or " " in name))
            ):
                yield name, place


def ruler_names(
    common: tuple[set[str], set[str]], gazetteer: Gazetteer
) -> list[tuple[str, str, bool, bool]]:
    """The names the place ruler tags, with their label, whether they are also English
    nouns and whether they name a country or province: see `add_place_ruler`."""
    words, nouns = common
    seen: set[str] = set()
    found: list[tuple[str, str, bool, bool]] = []
    for name, place in _ruler_names(gazetteer):
        written = _ascii_fold(name)
        keys = normalize(written).split()
        if not written[:1].isupper() or not written.isascii() or written in seen or not keys:
            continue
        if len(keys) == 1 and (keys[0] in words or len(keys[0]) < 4):
            continue
        if (len(keys) == 1 and place.level > ADMIN1 and keys[0] in nouns) or (
            len(keys) > 1 and all(w in words or w in nouns for w in keys)
        ):
            continue
        label = "GPE" if place.level <= ADMIN2 or place.feature == "P" else "LOC"
        noun = len(keys) == 1 and keys[0] in nouns
        for variant in _written_variants(written):
            seen.add(variant)
            found.append((variant, label, noun, place.level <= ADMIN1))
    return found


def _ascii_fold(name: str) -> str:
    """The name without diacritics ("Ālbū Kamāl" -> "Albu Kamal"), as news text writes it."""
    text = unicodedata.normalize("NFKD", name.translate(_FOLD))
    return "".join(c for c in text if not unicodedata.combining(c))


def _written_variants(name: str) -> list[str]:
    """The name as written, with an article joined by a hyphen and by a space.

    "Al Bab" -> also "Al-Bab" and "al-Bab"; "Deir ez-Zor" -> also "Deir ez Zor".
    """
    words = re.split(r"([ -])", name)
    variants = [name]
    for i in range(0, len(words) - 2, 2):
        if words[i].casefold() in _ARTICLES | _SUN_ARTICLES:
            other = "-" if words[i + 1] == " " else " "
            variants.append("".join([*words[: i + 1], other, *words[i + 2 :]]))
            if i == 0 and other == "-":
                variants.append(words[0].lower() + variants[-1][len(words[0]) :])
    return variants


Pattern = tuple[tuple[str, ...], str, bool, bool]  # tokens, label, English noun, province


class PlaceRuler:
    """A spaCy component that tags gazetteer names as GPE or LOC where no entity is yet.

    Like spaCy's entity ruler with phrase patterns, but it keeps patterns as tuples of token
    texts indexed by their first token, which takes a tenth of the memory of pattern Docs.
    The longest name that starts at a token wins. A name is left to the statistical model
    where it touches another capitalised word ("Kansas City": part of a longer name), a
    town's name throughout the text if it does so once ("Jana Holt ... Holt said"), and a
    name that is also an English noun ("Delta") when it opens a sentence.
    """

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.by_first: dict[str, list[Pattern]] = defaultdict(list)
        for tokens, label, noun, major in patterns:
            self.by_first[tokens[0]].append((tokens[1:], label, noun, major))
        for options in self.by_first.values():
            options.sort(key=lambda o: -len(o[0]))

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        matches = [(t.i, *self._match(doc, t.i)) for t in doc]
        matches = [m for m in matches if m[1]]
        touched = {(s, e) for s, e, _, _ in matches if _touches_name(doc, s, e)}
        shy = {doc[s:e].text for s, e, _, major in matches if (s, e) in touched and not major}
        found = [
            Span(doc, s, e, label=label)
            for s, e, label, _ in matches
            if (s, e) not in touched and doc[s:e].text not in shy
        ]
        taken = {t for e in doc.ents for t in range(e.start, e.end)}
        free = [s for s in found if not taken.intersection(range(s.start, s.end))]
        doc.ents = [*doc.ents, *filter_spans(free)]
        return doc

    def _match(self, doc: Doc, start: int) -> tuple[int, str, bool]:
        """End, label and major flag of the longest name that starts at `start` (end 0: none)."""
        for rest, label, noun, major in self.by_first.get(doc[start].text, ()):
            end = start + 1 + len(rest)
            if end > len(doc) or any(doc[start + 1 + k].text != t for k, t in enumerate(rest)):
                continue
            return (0, "", False) if noun and doc[start].is_sent_start else (end, label, major)
        return 0, "", False


def _touches_name(doc: Doc, start: int, end: int) -> bool:
    """Whether a capitalised word that is not a stop word comes right before or after."""
    around = [*doc[max(0, start - 1) : start], *doc[end : end + 1]]
    return any(t.is_title and t.is_alpha and not t.is_stop for t in around)


def _make_place_ruler(nlp: Language, name: str) -> PlaceRuler:
    """The spaCy factory of PlaceRuler (spaCy passes `nlp` and `name` by keyword)."""
    return PlaceRuler(patterns(nlp, get()))


# Bump when ruler_names or the pattern shape changes, so that cached patterns are rebuilt.
PATTERNS_VERSION = 1


def patterns(nlp: Language, gazetteer: Gazetteer) -> list[Pattern]:
    """The ruler's patterns: read from the cache beside the gazetteer when one was made
    for these gazetteer files, this model and this code, else built (about 3.5 s: the
    names, then tokenizing them) and cached. A cache that cannot be written is skipped."""
    path = _cache_path(nlp, gazetteer)
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
        return [(tuple(tokens), label, noun, major) for tokens, label, noun, major in rows]
    except (OSError, ValueError, TypeError):
        pass
    names = ruler_names(_common_words(nlp), gazetteer)
    docs = nlp.tokenizer.pipe(n[0] for n in names)  # type: ignore[union-attr]
    pairs = zip(docs, names, strict=True)
    found = [(tuple(t.text for t in d), lb, n, m) for d, (_, lb, n, m) in pairs]
    try:
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)
    except OSError as exc:
        log.warning("place ruler: cannot cache its patterns in %s (%s)", path, exc)
    return found


def _cache_path(nlp: Language, gazetteer: Gazetteer) -> Path:
    """Named by what the patterns depend on: the gazetteer files (path, size, time), the
    model's name and version, the ruler's thresholds and PATTERNS_VERSION."""
    files = [[str(p), p.stat().st_size, p.stat().st_mtime_ns] for p in gazetteer.paths]
    model = [nlp.meta.get("name"), nlp.meta.get("version")]
    limits = [RULER_MIN_POPULATION, RULER_MIN_ALTERNATE, RULER_MIN_ARTICLE, PATTERNS_VERSION]
    digest = hashlib.sha256(json.dumps([files, model, limits]).encode()).hexdigest()[:16]
    return data_dir() / f"ruler-{digest}.json"


def add_place_ruler(language: Language) -> None:
    """Add an entity ruler before "ner" that tags gazetteer names as GPE or LOC.

    Names, without diacritics and written with a capital: every name of every country and
    first-level division; the main name of places of RULER_MIN_POPULATION people or more,
    and of places of RULER_MIN_ARTICLE or more whose name starts with an article ("Al Bab",
    also written "Al-Bab" and "al-Bab"); and the other multiword or hyphenated names of
    places of RULER_MIN_ALTERNATE or more. Left out, so that the statistical model decides:
    single words that are English stop words, verbs, adjectives or adverbs; for places
    other than countries and provinces, also single nouns of the model's dictionary (its
    lemma index holds common nouns and well-known places such as Paris, which the model
    tags well); words under four letters; and multiword names made only of dictionary words
    ("Little Rock").
    """
    from spacy.language import Language

    if "place_ruler" in language.pipe_names:
        return
    if not Language.has_factory("crosswire_place_ruler"):
        Language.factory("crosswire_place_ruler", func=_make_place_ruler)
    before = "ner" if "ner" in language.pipe_names else None
    ruler: Any = language.add_pipe("crosswire_place_ruler", name="place_ruler", before=before)
    log.info("place ruler: %d names", sum(map(len, ruler.by_first.values())))
