"""Extraction: from one parsed article to the incident mentions it holds.

One module per field, each a pure function of a spaCy Doc (or a sentence Span) and the
article's publication date: `dates.py` (time expressions -> intervals), `toponyms.py`
(the spans that name places), `places.py` (toponyms -> gazetteer places), `scenes.py`
(which places can be a scene), `counts.py` (killed and injured with qualifiers),
`types.py` (ACLED event types), `actors.py` and `claims.py` (who says what), and
`mentions.py`, which segments an article into mentions and assembles them.
"""
