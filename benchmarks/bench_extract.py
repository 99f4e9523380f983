"""Extractor throughput: sentences per second, English and French, this checkout vs a baseline.

The English sentences are the dev set's phrases (tests/fixtures/cross-outlet-dev); the French
ones are written here in the manner of French wire reporting. Each checkout is timed in its own
Python process (stdlib only: the extractor needs no Django), so the baseline and this branch
run the same sentences in the same run. Usage:

    python benchmarks/bench_extract.py [--baseline /path/to/main/checkout] [--seconds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHRASES = ROOT / "tests" / "fixtures" / "cross-outlet-dev" / "phrases.jsonl"
FRENCH = [
    "Plus de 40 % du territoire échappe au contrôle de l'État, selon les chiffres officiels.",
    "Près de deux millions de déplacés ont été recensés au 4 septembre 2022.",
    "Environ 1 500 soldats ont été déployés dans la région depuis la mi-mai.",
    "Le bilan s'élève à quelque 120 morts, a indiqué dimanche le gouvernement.",
    "L'inflation a atteint 8,7 % sur un an en juillet, selon l'Insee.",
    "Au moins 3 000 personnes ont manifesté samedi à Paris, selon la police.",
    "Jusqu'à 600 migrants se trouvaient à bord du bateau, selon les garde-côtes.",
    "La facture s'élève à 2,5 milliards d'euros pour l'année 2023.",
]

_CHILD = """
import json, sys, time
from datetime import date
sys.path.insert(0, sys.argv[1])
from claims.facts.extraction import extract
sentences = json.loads(sys.argv[2])
seconds = float(sys.argv[3])
for text, published in sentences[:3]:
    extract(text, published=date.fromisoformat(published))
n, start = 0, time.perf_counter()
while time.perf_counter() - start < seconds:
    for text, published in sentences:
        extract(text, published=date.fromisoformat(published))
    n += len(sentences)
print(n / (time.perf_counter() - start))
"""


def rate(checkout: Path, sentences: list[tuple[str, str]], seconds: float) -> float:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(checkout), json.dumps(sentences), str(seconds)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return float(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="", help="another checkout to time the same way")
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; best kept")
    args = parser.parse_args()
    english = [
        (item["text"], item["published"])
        for item in map(json.loads, PHRASES.read_text(encoding="utf-8").splitlines())
    ]
    french = [(text, "2022-09-04") for text in FRENCH]
    checkouts = [("this checkout", ROOT)]
    if args.baseline:
        checkouts.insert(0, ("baseline", Path(args.baseline)))
    # The machine is shared: checkouts are interleaved round by round and the best round kept.
    figures: dict[tuple[str, str], float] = {}
    for _ in range(args.rounds):
        for lang, sentences in (("EN", english), ("FR", french)):
            for name, path in checkouts:
                measured = rate(path, sentences, args.seconds)
                figures[(name, lang)] = max(figures.get((name, lang), 0.0), measured)
    for (name, lang), value in figures.items():
        print(f"{name:14} {lang}: {value:10.0f} sentences/s (best of {args.rounds})")
    if args.baseline:
        for lang in ("EN", "FR"):
            ratio = figures[("this checkout", lang)] / figures[("baseline", lang)]
            print(f"ratio {lang} (this / baseline): {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
