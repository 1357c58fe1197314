"""Analysis: the extraction and linking stages, run on the articles that are new since the
last analysis (or were analysed by an older version of the stages).

`ANALYSIS_VERSION` names the version of the stages; raising it makes `analyze` revisit
every stored article. Version 0 has no stages yet: extraction (incident mentions) and
linking (incidents across articles) fill them in.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from crosswire.store import Store

log = logging.getLogger(__name__)

ANALYSIS_VERSION = 0


@dataclass(frozen=True, slots=True)
class Analysis:
    articles: int
    incidents: int


def analyze(store: Store) -> Analysis:
    """Run the analysis stages on what is new and return what there is afterwards."""
    pending = [a.id for a in store.articles(analyzed_below=ANALYSIS_VERSION)]
    if pending:
        with store.transaction() as tx:
            tx.mark_analyzed(pending, ANALYSIS_VERSION)
    else:
        log.info("nothing new to analyse")
    return Analysis(articles=len(pending), incidents=len(store.incidents()))
