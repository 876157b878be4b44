"""Score the quote extractor against annotated reports.

    .venv/bin/python bench/extract.py                  # the seed, tests/data/wire, then held-out
    .venv/bin/python bench/extract.py --gold FILE.json [TEXT_FILE]
    .venv/bin/python bench/extract.py --wire           # only the annotated wire reports
    .venv/bin/python bench/extract.py --heldout        # only the held-out reports

The held-out reports (tests/data/wire-heldout/*.json, same shape as the wire ones) are never
tuned on: they stand in for the real reports the product is judged on, so their figures are
the honest ones. Each section lists its misses unless --quiet is given.

Gold files come in two shapes. The seed (articles/seed/summit.json) names speakers and outlets
by actor slug, with an "actors" list to look names up; the body is a separate text file. The
wire reports (tests/data/wire/*.json) hold their own "text" and name speakers and outlets
directly ("speaker": "Kim Jong Un", "outlets": ["KCNA"]).

How a proposal is matched to a gold quote, one to one, best first:
- direct and partial: the gold words are found in the body; a proposal matches when the
  characters the two spans share are at least half of the longer one
  (overlap / max(len(gold), len(proposal)) >= 0.5). Direct and partial count alike here;
  the kind is scored on its own.
- paraphrases: gold paraphrases are an editor's summary, not the body's words, so they are
  compared by content words: a proposal matches when it holds at least half of the gold's
  content words (stop words dropped, case, accents and possessives ignored), or the gold holds
  at least 60% of the proposal's (and three words or more).
Speaker accuracy is over matched quotes: the proposal's speaker is right when, normalised
(case, accents, hyphens, a leading "the"), it equals the gold actor's name, native name or the
story's label for them, or is part of the actor's name ("Putin" for Vladimir Putin). A gold
quote with no speaker is right only when the proposal has none either. Outlets are right when
the sets of outlet names are equal; dates when said_on is equal (both empty counts).
"""

import argparse
import json
import re
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from intake.extractor import PARAPHRASE, extract  # noqa: E402

SEED_TEXT = ROOT / "articles" / "seed" / "summit-report.txt"
SEED_GOLD = ROOT / "articles" / "seed" / "summit.json"
WIRE = ROOT / "tests" / "data" / "wire"
HELDOUT = ROOT / "tests" / "data" / "wire-heldout"

STOP = set(
    """the a an of to in on at for and or but with by from as that this these those is are was
    were be been has have had it its their his her them they he she we i our not no will would
    could may might can also than then so such which who whom what when where into over about
    after before between during while under there here both one said says""".split()
)


def norm(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("’", "'").replace("-", " ").replace("–", " ").replace(".", "")
    text = re.sub(r"[^\w' ]", " ", text)
    text = re.sub(r"^the\s+", "", " ".join(text.split()))
    return text


def content_words(text: str) -> set[str]:
    words = set()
    for word in re.findall(r"[\w’'\-]+", norm(text)):
        word = re.sub(r"'s$", "", word)
        if word not in STOP and len(word) > 1:
            words.add(word.rstrip("s") if len(word) > 4 else word)
    return words


class Gold:
    """One annotated report: body text and gold quotes with resolved names."""

    def __init__(self, text: str, data: dict, name: str):
        self.text = text
        self.name = name
        actors = {a["slug"]: a for a in data.get("actors", [])}
        self.quotes = []
        for quote in data["quotes"]:
            speaker_names = []
            speaker = quote.get("speaker")
            if speaker in actors:
                actor = actors[speaker]
                speaker_names += [actor["name"], actor.get("native_name", "")]
                main = actor["name"]
            else:
                main = speaker or ""
                if speaker:
                    speaker_names.append(speaker)
            if quote.get("speaker_label"):
                speaker_names.append(quote["speaker_label"])
            outlets = {
                norm(actors[o]["name"] if o in actors else o) for o in quote.get("outlets", [])
            }
            self.quotes.append(
                {
                    "text": quote["text"],
                    "kind": quote["kind"],
                    "speaker_main": main,
                    "speaker_names": [n for n in speaker_names if n],
                    "outlets": outlets,
                    "said_on": quote.get("said_on"),
                }
            )


def speaker_right(gold: dict, predicted: str | None) -> bool:
    if not gold["speaker_names"]:
        return predicted is None
    if predicted is None:
        return False
    p = norm(predicted)
    if any(p == norm(n) for n in gold["speaker_names"]):
        return True
    main = norm(gold["speaker_main"]).split()
    return bool(main) and set(p.split()) <= set(main)


def verbatim_matches(text, golds, proposals):
    pairs = []
    for gi, gold in enumerate(golds):
        at = text.find(gold["text"])
        if at < 0:
            continue
        g0, g1 = at, at + len(gold["text"])
        for pi, p in enumerate(proposals):
            shared = min(g1, p.end) - max(g0, p.start)
            if shared <= 0:
                continue
            score = shared / max(g1 - g0, p.end - p.start)
            if score >= 0.5:
                pairs.append((score, gi, pi))
    return one_to_one(pairs)


def paraphrase_matches(golds, proposals):
    pairs = []
    for gi, gold in enumerate(golds):
        g = content_words(gold["text"])
        for pi, p in enumerate(proposals):
            w = content_words(p.text)
            shared = len(g & w)
            recall = shared / len(g) if g else 0
            precision = shared / len(w) if w else 0
            if recall >= 0.5 or (precision >= 0.6 and shared >= 3):
                pairs.append((max(recall, precision), gi, pi))
    return one_to_one(pairs)


def one_to_one(pairs):
    used_g, used_p, chosen = set(), set(), []
    for _score, gi, pi in sorted(pairs, reverse=True):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        chosen.append((gi, pi))
    return sorted(chosen)


def prf(matched, predicted, gold):
    precision = matched / predicted if predicted else 0.0
    recall = matched / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def score(gold: Gold, verbose: bool = True) -> dict:
    proposals = extract(gold.text)
    verbatim_gold = [q for q in gold.quotes if q["kind"] != PARAPHRASE]
    para_gold = [q for q in gold.quotes if q["kind"] == PARAPHRASE]
    verbatim_pred = [p for p in proposals if p.kind != PARAPHRASE]
    para_pred = [p for p in proposals if p.kind == PARAPHRASE]
    vm = verbatim_matches(gold.text, verbatim_gold, verbatim_pred)
    pm = paraphrase_matches(para_gold, para_pred)
    matched = [(verbatim_gold[g], verbatim_pred[p]) for g, p in vm]
    matched += [(para_gold[g], para_pred[p]) for g, p in pm]
    result = {
        "verbatim": prf(len(vm), len(verbatim_pred), len(verbatim_gold)),
        "paraphrase": prf(len(pm), len(para_pred), len(para_gold)),
        "all": prf(len(vm) + len(pm), len(proposals), len(gold.quotes)),
        "counts": (
            len(vm),
            len(verbatim_pred),
            len(verbatim_gold),
            len(pm),
            len(para_pred),
            len(para_gold),
        ),
        "kind": sum(g["kind"] == p.kind for g, p in matched[: len(vm)]),
        "speaker": sum(speaker_right(g, p.speaker.name if p.speaker else None) for g, p in matched),
        "speaker_verbatim": sum(
            speaker_right(g, p.speaker.name if p.speaker else None) for g, p in matched[: len(vm)]
        ),
        "outlets": sum(g["outlets"] == {norm(o.name) for o in p.outlets} for g, p in matched),
        "dates": sum((g["said_on"] or None) == p.said_on for g, p in matched),
        "matched": len(matched),
        "matched_verbatim": len(vm),
    }
    if verbose:
        report(gold, result, verbatim_gold, para_gold, vm, pm, matched, proposals)
    return result


def pct(part, whole):
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "n/a"


def report(gold, r, verbatim_gold, para_gold, vm, pm, matched, proposals):
    print(f"\n== {gold.name}")
    for label in ("verbatim", "paraphrase", "all"):
        p, rc, f = r[label]
        title = {"verbatim": "direct+partial", "paraphrase": "paraphrases", "all": "all"}[label]
        print(f"  {title:15} precision {p:.2f}  recall {rc:.2f}  F1 {f:.2f}")
    print(f"  kind (direct/partial) right   {pct(r['kind'], r['matched_verbatim'])}")
    print(f"  speaker accuracy, verbatim    {pct(r['speaker_verbatim'], r['matched_verbatim'])}")
    print(f"  speaker accuracy, all matched {pct(r['speaker'], r['matched'])}")
    print(f"  outlet accuracy               {pct(r['outlets'], r['matched'])}")
    print(f"  date accuracy                 {pct(r['dates'], r['matched'])}")
    found_v = {g for g, _ in vm}
    found_p = {g for g, _ in pm}
    misses = [q for i, q in enumerate(verbatim_gold) if i not in found_v]
    misses += [q for i, q in enumerate(para_gold) if i not in found_p]
    for q in misses:
        print(f"  MISSED {q['kind']}: {q['text'][:90]!r}")
    matched_ids = {id(p) for _, p in matched}
    for p in proposals:
        if id(p) not in matched_ids:
            print(f"  EXTRA {p.kind}: {p.text[:90]!r} ({p.speaker.name if p.speaker else None})")
    for g, p in matched:
        name = p.speaker.name if p.speaker else None
        if not speaker_right(g, name):
            print(
                f"  WRONG SPEAKER {name!r} for {g['text'][:60]!r} (gold {g['speaker_names'][:1]})"
            )
        outlets = {norm(o.name) for o in p.outlets}
        if g["outlets"] != outlets:
            wanted = sorted(g["outlets"])
            print(f"  WRONG OUTLETS {sorted(outlets)} for {g['text'][:60]!r} (gold {wanted})")
        if (g["said_on"] or None) != p.said_on:
            print(f"  WRONG DATE {p.said_on} for {g['text'][:60]!r} (gold {g['said_on']})")


def timing(text: str, runs: int = 9) -> float:
    """Median milliseconds per 1,000 words, on the text repeated to at least 1,000 words."""
    paragraphs = [text]
    while len("\n".join(paragraphs).split()) < 1000:
        paragraphs.append(text)
    body = "\n".join(paragraphs)
    words = len(body.split())
    extract(body)  # warm up: regexes compiled, lists built
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        extract(body)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times) * 1000 / words


def load_wire(path: Path) -> Gold:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Gold(data["text"], data, path.name)


def totals(results) -> dict:
    """Pooled figures over several reports: P/R/F1 and speaker accuracy."""
    vm, vp, vg, pm, pp, pg = (sum(r["counts"][i] for r in results) for i in range(6))
    matched_v = sum(r["matched_verbatim"] for r in results)
    matched = sum(r["matched"] for r in results)
    return {
        "verbatim": prf(vm, vp, vg),
        "paraphrase": prf(pm, pp, pg),
        "all": prf(vm + pm, vp + pp, vg + pg),
        "speaker_verbatim": sum(r["speaker_verbatim"] for r in results) / matched_v
        if matched_v
        else 0.0,
        "speaker": sum(r["speaker"] for r in results) / matched if matched else 0.0,
    }


def aggregate(results, label):
    totals = [sum(r["counts"][i] for r in results) for i in range(6)]
    vm, vp, vg, pm, pp, pg = totals
    print(f"\n== {label}: {len(results)} reports")
    for title, (m, p, g) in (
        ("direct+partial", (vm, vp, vg)),
        ("paraphrases", (pm, pp, pg)),
        ("all", (vm + pm, vp + pp, vg + pg)),
    ):
        precision, recall, f1 = prf(m, p, g)
        print(f"  {title:15} precision {precision:.2f}  recall {recall:.2f}  F1 {f1:.2f}")
    matched = sum(r["matched"] for r in results)
    matched_v = sum(r["matched_verbatim"] for r in results)
    speakers_v = sum(r["speaker_verbatim"] for r in results)
    print(f"  speaker accuracy, verbatim    {pct(speakers_v, matched_v)}")
    print(f"  speaker accuracy, all matched {pct(sum(r['speaker'] for r in results), matched)}")
    print(f"  outlet accuracy               {pct(sum(r['outlets'] for r in results), matched)}")
    print(f"  date accuracy                 {pct(sum(r['dates'] for r in results), matched)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, help="a gold JSON file (seed or wire shape)")
    parser.add_argument("text", nargs="?", type=Path, help="the report's text, if not in the JSON")
    parser.add_argument("--wire", action="store_true", help="score only tests/data/wire")
    parser.add_argument("--heldout", action="store_true", help="score only tests/data/wire-heldout")
    parser.add_argument("--quiet", action="store_true", help="figures only, no misses")
    args = parser.parse_args(argv)
    if args.gold:
        data = json.loads(args.gold.read_text(encoding="utf-8"))
        text = args.text.read_text(encoding="utf-8") if args.text else data["text"]
        score(Gold(text, data, args.gold.name), verbose=True)
        print(f"\n  speed: {timing(text):.1f} ms per 1,000 words")
        return
    if not args.wire and not args.heldout:
        text = SEED_TEXT.read_text(encoding="utf-8")
        data = json.loads(SEED_GOLD.read_text(encoding="utf-8"))
        score(Gold(text, data, "seeded report (articles/seed/summit-report.txt)"))
        print(f"\n  speed: {timing(text):.1f} ms per 1,000 words (median of 9 runs)")
    sections = [(WIRE, args.wire or not args.heldout), (HELDOUT, args.heldout or not args.wire)]
    for folder, wanted in sections:
        paths = sorted(folder.glob("*.json")) if wanted else []
        if paths:
            results = [score(load_wire(path), verbose=not args.quiet) for path in paths]
            aggregate(results, str(folder.relative_to(ROOT)))


if __name__ == "__main__":
    main()
