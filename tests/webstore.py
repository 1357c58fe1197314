"""The invented reports the web tests build their stores from, and how to build one.
Shared by tests/test_web.py, tests/test_web_security.py, tests/test_web_load.py and
tests/test_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

from crosswire.analyze import analyze
from crosswire.ingest.batch import ingest
from crosswire.options import make_options
from crosswire.store import Store

TOKEN = "s3cret-test-token"

# Invented reports, written for these tests. The Kidal wire story and its longer copy share
# their first five paragraphs (one origin group); the residents' toll and the group's
# denial give contradictions; Qarat Tel Zummar is a hamlet the gazetteer does not know.
_KIDAL = (
    "A car bomb exploded at an army checkpoint at the entrance of Kidal on Tuesday, "
    "killing nine soldiers and wounding 14, the army said.\n\n"
    "The army blamed the Sahel Liberation Front for the attack.\n\n"
    "A spokesman for the Sahel Liberation Front denied any involvement and said the "
    "group did not target checkpoints.\n\n"
    "Soldiers sealed off the road to the airport after the blast and searched the "
    "nearby market, where traders said they had heard two explosions a few seconds "
    "apart shortly before noon.\n\n"
    "The checkpoint had been reinforced last month after a convoy of fuel trucks was "
    "ambushed on the same road, and the regional governor had promised to reopen the "
    "route to civilian traffic before the end of the dry season.\n"
)
REPORTS: list[dict[str, str]] = [
    {
        "id": "kidal-wire",
        "title": "Car bomb kills nine at Kidal checkpoint",
        "publisher": "Sahel Wire Agency",
        "published": "2021-04-07",
        "url": "https://example.org/kidal-wire",
        "text": "KIDAL (SWA) – " + _KIDAL,
    },
    {
        "id": "kidal-copy",
        "title": "Nine soldiers killed in Kidal bombing",
        "publisher": "Bamako Evening Post",
        "published": "2021-04-07",
        "text": _KIDAL
        + "\nLocal residents told the Post that at least 15 people were killed in the blast, "
        "most of them soldiers.\n\n"
        "Traders in the market said the road had been closed for most of the week and that "
        "prices of flour, sugar and fuel had doubled since the checkpoint was reinforced, "
        "leaving many families unable to buy food before the holiday.\n",
    },
    {
        "id": "marawi-clash",
        "title": "Fighting in Marawi leaves four dead",
        "publisher": "Mindanao Daily Ledger",
        "published": "2019-10-03",
        "text": (
            "Government troops and rebels fought a gun battle in Marawi on Wednesday that "
            "left four fighters dead, the military said.\n\n"
            "A military spokesman said the clash lasted three hours.\n"
        ),
    },
    {
        "id": "idlib-strike",
        "title": "Air strike hits market in Idlib",
        "publisher": "Levant Courier",
        "published": "2020-01-16",
        "text": (
            "An air strike hit a crowded market in Idlib on Wednesday, killing 18 civilians "
            "and injuring 30, rescue workers said.\n\n"
            "The rescue workers said the strike was carried out by government warplanes.\n\n"
            "The defence ministry did not respond to a request for comment.\n"
        ),
    },
    {
        "id": "unknown-place",
        "title": "Gunmen attack convoy near Qarat Tel",
        "publisher": "Levant Courier",
        "published": "2020-02-11",
        "text": (
            "Gunmen attacked a supply convoy near the hamlet of Qarat Tel Zummar on Monday, "
            "killing two drivers, a police officer said.\n"
        ),
    },
]

# An invented article made of injection attempts, sent through the API.
XSS = {
    "title": '<script>alert(1)</script> Police post attacked "onerror=alert(1)',
    "publisher": "<img src=x onerror=alert(1)> Gazette",
    "published": "2021-06-08",
    "text": (
        "Gunmen <script>alert(1)</script> attacked a police post in Kidal on Monday, killing "
        'three officers, the army said "onerror=alert(1) <img src=x onerror=alert(2)>.\n\n'
        "The army said the attackers fled north. <b onmouseover=alert(3)>bold</b>\n"
    ),
}


def build_store(db: Path, folder: Path, reports: list[dict[str, str]] = REPORTS) -> None:
    """A store of `reports`, ingested from a JSONL file and analysed."""
    feed = folder / "reports.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in reports), encoding="utf-8")
    with Store(str(db)) as store:
        result = ingest([str(feed)], store, make_options(db=str(db), quiet=True))
        assert not result.failed
        analyze(store)
