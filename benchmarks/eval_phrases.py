"""Phrase evaluation: does the extractor read real news figures and dates right?

For each item of `tests/fixtures/cross-outlet-dev/phrases.jsonl` (a real news sentence, its
publication day, a target quantity with its gold acceptance windows and unit, and for some a
gold date), as the fixture's README says: run `manage.py extract_facts --published DAY` on the
sentence; the quantity whose text overlaps the target must fall inside the `expect` windows
with the gold unit, and where a date is given, the date read at its text must start and end
as given (`end` may list accepted ends).

`make eval` runs it against a throwaway database (the command reads the entity aliases) and
prints the score.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from io import StringIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHRASES = ROOT / "tests" / "fixtures" / "cross-outlet-dev" / "phrases.jsonl"


@dataclass
class PhraseResult:
    id: str
    ok: bool
    why: str


def load_phrases(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _span(text: str, part: str) -> tuple[int, int] | None:
    at = text.find(part)
    return (at, at + len(part)) if at >= 0 else None


def _overlaps(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def _inside(value: float | None, window: list[float] | None, zero_ok: bool = False) -> bool:
    if window is None:
        return value is None or (zero_ok and value == 0)
    if value is None:
        return False
    lo, hi = window
    return lo - 1e-9 * abs(lo) <= value <= hi + 1e-9 * abs(hi)


def judge(item: dict, read: dict) -> PhraseResult:
    """Judge one phrase against what the extractor read (``extract_facts``'s JSON)."""
    text = item["text"]
    target = _span(text, item["target"])
    quantities = [q for q in read["quantities"] if _overlaps(_span(text, q["text"]), target)]
    if not quantities:
        return PhraseResult(item["id"], False, f"no quantity at {item['target']!r}")
    expect = item["expect"]
    problems = []
    for q in quantities:
        if q["unit"] != item["unit"]:
            problems.append(f"{q['text']!r}: unit {q['unit']} (gold {item['unit']})")
            continue
        low_ok = _inside(q["low"], expect["low"]) or (
            expect.get("low_zero_ok") and q["low"] in (None, 0)
        )
        if expect["low"] is None:
            low_ok = q["low"] in (None, 0) or bool(expect.get("low_zero_ok"))
        high_ok = _inside(q["high"], expect["high"])
        if low_ok and high_ok:
            problems = []
            break
        problems.append(f"{q['text']!r}: [{q['low']}, {q['high']}] {q['hedge']}")
    if problems:
        return PhraseResult(item["id"], False, "; ".join(problems))
    gold_date = item.get("date")
    if gold_date:
        where = _span(text, gold_date["text"])
        dates = [d for d in read["dates"] if _overlaps(_span(text, d["text"]), where)]
        ends = gold_date["end"] if isinstance(gold_date["end"], list) else [gold_date["end"]]
        if not any(d["start"] == gold_date["start"] and d["end"] in ends for d in dates):
            got = ", ".join(f"{d['text']!r} {d['start']}..{d['end']}" for d in dates) or "none"
            return PhraseResult(
                item["id"],
                False,
                f"date {gold_date['text']!r}: got {got}, gold {gold_date['start']}..{ends}",
            )
    return PhraseResult(item["id"], True, "")


def score_phrases(items: list[dict]) -> list[PhraseResult]:
    """Run ``manage.py extract_facts --published`` on each sentence and judge it."""
    from django.core.management import call_command

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for item in items:
            path = Path(tmp) / "sentence.txt"
            path.write_text(item["text"] + "\n", encoding="utf-8")
            out = StringIO()
            args = [str(path), "--published", item["published"]]
            if item.get("language"):
                args += ["--language", item["language"]]
            call_command("extract_facts", *args, stdout=out)
            results.append(judge(item, json.loads(out.getvalue().splitlines()[0])))
    return results


def _child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    items = load_phrases(Path(args.phrases))
    if args.only:
        items = [i for i in items if i["id"] in args.only.split(",")]
    results = score_phrases(items)
    for r in results:
        if not r.ok or args.verbose:
            print(f"{'ok  ' if r.ok else 'MISS'} {r.id:6} {r.why}")
    right = sum(r.ok for r in results)
    print(f"\nphrases right: {right}/{len(results)} ({right / max(len(results), 1):.1%})")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phrases", default=str(PHRASES))
    parser.add_argument("--only", default="", help="comma-separated phrase ids")
    parser.add_argument("--verbose", action="store_true", help="show every phrase")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    if os.environ.get("NEWSDESK_EVAL_CHILD"):
        return _child(args)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from benchmarks.throwaway import rerun_in_throwaway_database

    return rerun_in_throwaway_database(
        name="newsdesk_eval_phrases",
        child_flag="NEWSDESK_EVAL_CHILD",
        script=__file__,
        keep=args.keep,
    )


if __name__ == "__main__":
    sys.exit(main())
