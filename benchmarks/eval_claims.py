"""Measure crosswire.extract.claims and crosswire.extract.actors; prints figures, asserts nothing.

    python benchmarks/eval_claims.py                 # seeds, fakes and acled
    python benchmarks/eval_claims.py --only seeds --show
    python benchmarks/eval_claims.py --sample 20 --seed 1

Seeds (../shared/seeds with ../shared/gold/seeds.json): for each gold claim of an incident,
whether some article the incident is reported in has an attribution whose source contains one
of the claim's source aliases (lower-cased substring, as ../shared/eval/score_seeds.py matches)
with the right stance: responsibility = accuse, with the accused matching the gold actor
aliases; denial = denial; no_comment = no_comment; fatalities = an attribution (assert or
accuse) whose sentence gives the gold number. Optional claims are counted
apart. `--show` prints every attribution of the seeds and the misses.

Fakes (../shared/dev/fakes): the share of articles with at least one attribution, the stances
found, and a random sample of attributions to read for plausibility. Also, against the crowd
coded perpetrator of each article (noisy; "unknown" left out): of the articles with an
accusation, how often the first accusation's actor, or any, is that perpetrator.

ACLED (../shared/dev/acled): actors. For each event's actor1 and actor2 whose ACLED name tells
the actor type ("Military Forces of X", "Police Forces of X", "Civilians (X)", "Protesters",
"Rioters", "... Communal/Ethnic/Clan Militia", "Unidentified Armed Group/Gang", "Private
Security Forces"), whether `actors_in` finds an actor of that category in the note, and for
state forces whether its name carries the right nationality; also how many actors found have
a category that neither gold actor has.

Articles are cleaned as ingest cleans them, then parsed once and cached in /tmp (DocBin).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
from collections import Counter
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from crosswire import nlp
from crosswire.extract.actors import actors_in, alias_map
from crosswire.extract.claims import Attribution, attributions_in
from crosswire.extract.claims import sentences as split_sentences
from crosswire.extract.lexicon import adjective, nation
from crosswire.ingest.clean import clean_text

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CACHE = Path("/tmp/crosswire-eval-claims")


def parsed(name: str, texts: list[str]) -> list:  # type: ignore[type-arg]
    """Parse `texts` once; later runs read the DocBin cached under /tmp."""
    from spacy.tokens import DocBin

    key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:12]
    path = CACHE / f"{name}-{key}.spacy"
    vocab = nlp.load().vocab
    if path.exists():
        return list(DocBin().from_disk(path).get_docs(vocab))
    docs = list(nlp.parse_many(texts))
    bin_ = DocBin(store_user_data=False)
    for doc in docs:
        bin_.add(doc)
    CACHE.mkdir(parents=True, exist_ok=True)
    bin_.to_disk(path)
    return docs


def read_jsonl(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def matches(text: str | None, aliases: list[str]) -> bool:
    t = (text or "").lower()
    return any(a in t for a in aliases)


# ---------------------------------------------------------------------------------------------
# Seeds


NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS = {
    w: 10 * (i + 2)
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    )
}


def numbers_in(text: str) -> set[int]:
    """Integers written in a sentence, in digits or in words up to 99 ("Thirty-eight")."""
    found = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", text)}
    for m in re.finditer(r"\b([a-z]+)(?:[- ]([a-z]+))?\b", text.lower()):
        tens, unit = m.group(1), m.group(2)
        if tens in TENS:
            found.add(TENS[tens] + NUMBER_WORDS.get(unit or "", 0))
        elif tens in NUMBER_WORDS:
            found.add(NUMBER_WORDS[tens])
        if tens == "dozen" or unit == "dozen":
            found.add(12)
    return found


def seed_claims(want: dict, kind: str, attrs: list[tuple[str, Attribution]]) -> bool:  # type: ignore[type-arg]
    for text, a in attrs:
        if not matches(a.source, want["source"]):
            continue
        if kind == "fatalities" and a.stance in ("assert", "accuse"):
            if want["value"] in numbers_in(text[a.span[0] : a.span[1]]):
                return True
        elif kind == "responsibility" and a.stance == "accuse":
            if matches(a.accused, want["actor"]):
                return True
        elif kind == a.stance:
            return True
    return False


def eval_seeds(show: bool) -> None:
    gold = json.loads((SHARED / "gold" / "seeds.json").read_text())
    files = sorted((SHARED / "seeds").glob("*.txt"))
    texts = [clean_text(f.read_text(encoding="utf-8")) for f in files]
    docs = parsed("seeds", texts)
    per_article: dict[str, list[tuple[str, Attribution]]] = {}
    for f, text, doc in zip(files, texts, docs, strict=True):
        attrs = attributions_in(doc, alias_map(doc))
        per_article[f.stem] = [(text, a) for a in attrs]
        if show:
            print(f"== {f.stem}")
            for a in attrs:
                print(f"   {a.stance:10} {a.source!r:40} accused={a.accused!r} cited={a.cited!r}")
    tally: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    misses = []
    for inc in gold["incidents"]:
        attrs = [x for name in inc["reports"] for x in per_article.get(name, [])]
        wanted = [(w, "fatalities") for w in inc.get("fatality_claims", [])]
        wanted += [(w, w["kind"]) for w in inc.get("responsibility_claims", [])]
        for want, kind in wanted:
            label = f"{kind}{' (optional)' if want.get('optional') else ''}"
            tally[label] += 1
            ok = seed_claims(want, kind, attrs)
            hits[label] += ok
            if not ok:
                misses.append(f"{inc['id']} {label}: {want['source']}")
    print("Seeds: gold claims found in an article that reports the incident")
    for label in sorted(tally):
        print(f"  {label:45} {hits[label]}/{tally[label]}")
    core = [k for k in tally if "optional" not in k]
    total, found = sum(tally[k] for k in core), sum(hits[k] for k in core)
    print(f"  {'all required claims':45} {found}/{total} = {found / total:.2f}")
    for miss in misses:
        print(f"  miss: {miss}")


# ---------------------------------------------------------------------------------------------
# Fakes


FAKES_ACTORS = {
    "syrian government or russian troops": (
        "Syrian government",
        "Russian government",
        "Syrian pro-government",
        "pro-government",
    ),
    "the organization of the islamic state in iraq and the levant - isis": ("Islamic State",),
    "international coalition forces": ("coalition",),
    "armed opposition groups": ("rebels", "militants", "Free Syrian Army", "opposition"),
    "self administration forces": (
        "Syrian Democratic Forces",
        "People's Protection Units",
        "Kurdish",
    ),
    "al-nusra front": ("Nusra Front", "al-Qaeda"),
}


def perpetrator_agreement(gold: list[str], accused: list[list[str]]) -> str:
    """How often the accusations of an article name the crowd-coded perpetrator."""
    pairs = [
        (FAKES_ACTORS[g], acc)
        for g, acc in zip(gold, accused, strict=True)
        if g in FAKES_ACTORS and acc
    ]
    first = sum(any(w in acc[0] for w in want) for want, acc in pairs)
    anyone = sum(any(w in a for a in acc for w in want) for want, acc in pairs)
    n = max(len(pairs), 1)
    return (
        f"{len(pairs)} articles with a known perpetrator and an accusation: first accused "
        f"matches {first}/{len(pairs)} = {first / n:.2f}, any matches {anyone}/{len(pairs)} "
        f"= {anyone / n:.2f}"
    )


def eval_fakes(sample: int, seed: int) -> None:
    arts = read_jsonl(SHARED / "dev" / "fakes" / "articles.jsonl")
    golds = {g["id"]: g["actor"] for g in read_jsonl(SHARED / "dev" / "fakes" / "gold.jsonl")}
    accused: list[list[str]] = []
    texts = [clean_text(a["text"]) for a in arts]
    docs = parsed("fakes", texts)
    with_any = 0
    stances: Counter[str] = Counter()
    pool = []
    n_sents = n_attr_sents = 0
    for art, text, doc in zip(arts, texts, docs, strict=True):
        attrs = attributions_in(doc, alias_map(doc))
        with_any += bool(attrs)
        stances.update(a.stance for a in attrs)
        n_sents += len(split_sentences(doc))
        n_attr_sents += len({a.span for a in attrs})
        pool += [(art["id"], text, a) for a in attrs]
        accused.append([a.accused for a in attrs if a.stance == "accuse" and a.accused])
    print(f"\nFakes: {len(arts)} articles, {len(pool)} attributions")
    print(
        f"  articles with at least one attribution: {with_any}/{len(arts)} = "
        f"{with_any / len(arts):.2f}"
    )
    print(
        f"  sentences with an attribution: {n_attr_sents}/{n_sents} = {n_attr_sents / n_sents:.2f}"
    )
    print(f"  stances: {dict(stances.most_common())}")
    with_accused = sum(1 for *_, a in pool if a.accused)
    print(f"  attributions naming an accused actor: {with_accused}")
    gold = [golds.get(a["id"], "unknown") for a in arts]
    print(f"  perpetrator: {perpetrator_agreement(gold, accused)}")
    print(f"  sample of {sample} (random seed {seed}):")
    for art_id, text, a in random.Random(seed).sample(pool, min(sample, len(pool))):
        content = " ".join(text[a.content_span[0] : a.content_span[1]].split())[:110]
        speaker = " ".join(text[a.speaker_span[0] : a.speaker_span[1]].split())
        extra = f" accused={a.accused!r}" if a.accused else ""
        extra += f" cited={a.cited!r}" if a.cited else ""
        print(f"   {art_id} [{a.stance}] {a.source!r} <- {speaker!r}{extra}\n        {content!r}")


# ---------------------------------------------------------------------------------------------
# ACLED actors


def gold_actor(name: str) -> tuple[str, str | None] | None:
    """(category, ISO or None) that an ACLED actor name tells, or None."""
    n = name.lower()
    country = re.search(
        r"(?:forces|civilians|protesters|rioters)\b.*?(?:of|\()\s*(?:the )?"
        r"([a-z .'-]+?)\)?\s*(?:\(|$)",
        n,
    )
    iso = nation(country.group(1).strip()) if country else None
    rules = [
        (("military forces of", "police forces of"), "State forces"),
        (("civilians",), "Civilians"),
        (("protesters",), "Protesters"),
        (("rioters",), "Rioters"),
        (("communal militia", "ethnic militia", "clan militia"), "Identity militias"),
        (("unidentified armed group", "unidentified gang"), "Political militias"),
        (("private security forces",), "External/Other forces"),
    ]
    for starts, category in rules:
        if any(s in n for s in starts):
            return category, iso if category == "State forces" else None
    return None


def eval_acled() -> None:
    arts = read_jsonl(SHARED / "dev" / "acled" / "articles.jsonl")
    golds = {g["id"]: g for g in read_jsonl(SHARED / "dev" / "acled" / "gold.jsonl")}
    docs = parsed("acled", [a["text"] for a in arts])
    tally: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    nat_total = nat_hit = 0
    found_total = found_other = 0
    for art, doc in zip(arts, docs, strict=True):
        g = golds[art["id"]]
        aliases = alias_map(doc)
        found = [a for s in split_sentences(doc) for a in actors_in(s, aliases)]
        wanted = [x for x in (gold_actor(g["actor1"]), gold_actor(g["actor2"] or "")) if x]
        for category, iso in wanted:
            tally[category] += 1
            same = [a for a in found if a.category == category]
            hits[category] += bool(same)
            if category == "State forces" and iso:
                nat_total += 1
                nat_hit += any(a.name.startswith(adjective(iso) + " ") for a in same)
        if wanted:
            cats = {c for c, _ in wanted}
            found_total += len(found)
            found_other += sum(1 for a in found if a.category not in cats)
    print(f"\nACLED: {len(arts)} notes; gold actors whose ACLED name tells the type")
    for category in sorted(tally, key=lambda c: -tally[c]):
        print(
            f"  {category:25} found {hits[category]}/{tally[category]} = "
            f"{hits[category] / tally[category]:.2f}"
        )
    print(
        f"  state forces with the right nationality: {nat_hit}/{nat_total} = "
        f"{nat_hit / max(nat_total, 1):.2f}"
    )
    print(
        f"  actors found with a category neither gold actor has: {found_other}/{found_total}"
        f" = {found_other / max(found_total, 1):.2f} (gold names only one or two actors)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=["seeds", "fakes", "acled"])
    parser.add_argument("--show", action="store_true", help="print the seed attributions")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"{SHARED} is not here: nothing to measure")
        return
    if args.only in (None, "seeds"):
        eval_seeds(args.show)
    if args.only in (None, "fakes"):
        eval_fakes(args.sample, args.seed)
    if args.only in (None, "acled"):
        eval_acled()


if __name__ == "__main__":
    main()
