"""Cross-outlet evaluation: does the desk recognise one fact worded by different outlets?

For each pair of `tests/fixtures/cross-outlet-dev/pairs.jsonl` (real sentences from
different outlets, labelled CONFLICT / CONSISTENT / UNRELATED), as the fixture's README
says: import each side as an article (its text, its address, its publication day, a
headline read from its address), create a claim from its quote with the fact the desk
proposes (no hand help), run the conflict check, then judge — CONFLICT when an open flag
links the two claims, CONSISTENT when either lists the other among its corroborations,
UNRELATED otherwise. Each pair runs in a transaction rolled back after it.

`make eval` runs it against a throwaway database and prints the figures; the tests run
`score_pairs` on the same file and hold the figures to a floor.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PAIRS = ROOT / "tests" / "fixtures" / "cross-outlet-dev" / "pairs.jsonl"
LABELS = ("CONFLICT", "CONSISTENT", "UNRELATED")


class _Rollback(Exception):
    pass


@dataclass
class PairResult:
    id: str
    gold: str
    predicted: str
    proposed: bool
    facts: tuple[str, str]


@dataclass
class Report:
    results: list[PairResult] = field(default_factory=list)

    def count(self, gold: str | None = None, predicted: str | None = None) -> int:
        return sum(
            1
            for r in self.results
            if (gold is None or r.gold == gold) and (predicted is None or r.predicted == predicted)
        )

    @property
    def right(self) -> int:
        return sum(r.gold == r.predicted for r in self.results)

    @property
    def false_conflicts(self) -> int:
        return sum(r.predicted == "CONFLICT" and r.gold != "CONFLICT" for r in self.results)

    def summary(self) -> str:
        n = len(self.results)
        return (
            f"pairs right: {self.right}/{n} ({self.right / max(n, 1):.0%}); "
            f"conflicts found: {self.count('CONFLICT', 'CONFLICT')}/{self.count('CONFLICT')}; "
            f"false conflicts: {self.false_conflicts}; "
            f"corroborations found: {self.count('CONSISTENT', 'CONSISTENT')}"
            f"/{self.count('CONSISTENT')}; "
            f"proposed as possibly the same fact: {sum(r.proposed for r in self.results)}"
        )


def headline_from_address(url: str) -> str:
    """The headline a web address spells ("…/herat-earthquakes-killed-2000/" -> "herat
    earthquakes killed 2000"): its longest hyphenated path segment, words kept as written."""
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    words = [s for s in segments if s.count("-") >= 2]
    if not words:
        return ""
    slug = max(words, key=len)
    slug = re.sub(r"(?:\.[A-Za-z0-9]+)+$", "", slug)  # ".html", ".SJbBvsqKT.html"
    return " ".join(w for w in slug.split("-") if w)


def load_pairs(path: Path = PAIRS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _describe(claim) -> str:
    interval = f"{claim.value_low}..{claim.value_high} {claim.unit} {claim.hedge}"
    return (
        f"{claim.entity or '—'}{' / ' + claim.locality if claim.locality else ''} | "
        f"{claim.measure or '—'}{' (' + claim.event + ')' if claim.event else ''} | "
        f"{interval} | {claim.scope_start}..{claim.scope_end}"
    )


def score_pair(pair: dict, *, editor) -> PairResult:
    """Import, annotate and check one pair (inside the caller's transaction)."""
    from claims import services
    from claims.conflicts.detection import conflict_check_claim
    from claims.conflicts.selectors import corroborations_of
    from claims.facts.selectors import same_fact_candidates
    from claims.models import Conflict
    from sources.services import article_import

    claims = []
    for side in ("a", "b"):
        item = pair[side]
        article = article_import(
            method="text",
            user=editor,
            text=item["text"],
            url=item["source"],
            title=headline_from_address(item["source"]),
            published_at=item["published"],
        ).article
        claims.append(
            services.claim_create(article_id=article.pk, author=editor, quote=item["quote"])
        )
    a, b = claims
    for claim in claims:
        conflict_check_claim(claim_id=claim.pk)
    low, high = sorted((a.pk, b.pk))
    if Conflict.objects.filter(claim_a_id=low, claim_b_id=high, status="open").exists():
        predicted = "CONFLICT"
    elif any(other.pk == b.pk for other, _ in corroborations_of(a)) or any(
        other.pk == a.pk for other, _ in corroborations_of(b)
    ):
        predicted = "CONSISTENT"
    else:
        predicted = "UNRELATED"
    proposed = any(c.pk == b.pk for c in same_fact_candidates(a)) or any(
        c.pk == a.pk for c in same_fact_candidates(b)
    )
    for claim in claims:
        claim.refresh_from_db()
    return PairResult(pair["id"], pair["label"], predicted, proposed, (_describe(a), _describe(b)))


def score_pairs(pairs: list[dict], *, editor) -> Report:
    """Score every pair, each in a transaction rolled back afterwards."""
    from django.db import transaction

    report = Report()
    for pair in pairs:
        try:
            with transaction.atomic():
                report.results.append(score_pair(pair, editor=editor))
                raise _Rollback
        except _Rollback:
            pass
    return report


def _editor():
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from newsdesk.common import roles

    user, _ = get_user_model().objects.get_or_create(username="eval-editor")
    user.groups.add(Group.objects.get(name=roles.EDITORS))
    return user


def _child(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    pairs = load_pairs(Path(args.pairs))
    if args.only:
        pairs = [p for p in pairs if p["id"] in args.only.split(",")]
    report = score_pairs(pairs, editor=_editor())
    confusion = Counter((r.gold, r.predicted) for r in report.results)
    for r in report.results:
        mark = "ok  " if r.gold == r.predicted else "MISS"
        print(f"{mark} {r.id:6} gold {r.gold:10} got {r.predicted:10}")
        if args.verbose or r.gold != r.predicted:
            print(f"       a: {r.facts[0]}\n       b: {r.facts[1]}")
    print("\nconfusion (gold -> predicted):")
    for gold in LABELS:
        print(f"  {gold:10} " + "  ".join(f"{p[:8]:>8}={confusion[(gold, p)]}" for p in LABELS))
    print("\n" + report.summary())
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", default=str(PAIRS))
    parser.add_argument("--only", default="", help="comma-separated pair ids")
    parser.add_argument("--verbose", action="store_true", help="show every pair's facts")
    parser.add_argument("--keep", action="store_true", help="keep the throwaway database")
    args = parser.parse_args()
    if os.environ.get("NEWSDESK_EVAL_CHILD"):
        return _child(args)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsdesk.settings")
    from benchmarks.throwaway import rerun_in_throwaway_database

    return rerun_in_throwaway_database(
        name="newsdesk_eval_pairs",
        child_flag="NEWSDESK_EVAL_CHILD",
        script=__file__,
        keep=args.keep,
    )


if __name__ == "__main__":
    sys.exit(main())
