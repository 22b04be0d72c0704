"""Write generator/data/first_names.txt: given names learnt from CoNLL-2003 train (never dev).

A word counts as a given name when it opens at least two multi-word PER spans
of the training split and opens other entity types less than half as often, or
opens one and nothing else and is not a dictionary word (``Sunday``, ``Grace``).
Only the derived list is committed; the training text stays in ../shared/eval.

    python scripts/make_first_names.py [../shared/eval/conll2003_train.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MIN_COUNT = 2


def given_names(path: Path) -> list[str]:
    first, other = Counter(), Counter()
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            for entity in json.loads(line)["entities"]:
                words = entity["text"].split()
                if entity["type"] == "PER" and len(words) > 1:
                    first[words[0]] += 1
                else:
                    other[words[0]] += 1
    from english_words import get_english_words_set

    words = get_english_words_set(["web2"], lower=True, alpha=True)

    def given(name: str, n: int) -> bool:
        if not (name.isalpha() and name[0].isupper() and not name.isupper()):
            return False
        return other[name] * 2 < n if n >= MIN_COUNT else not other[name] and name.lower() not in words

    return sorted(name for name, n in first.items() if given(name, n))


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval" / "conll2003_train.jsonl"
    names = given_names(source)
    header = ("# Given names: evidence that a span is a person (``Brent Scowcroft``), and where a title\n"
              "# glued to a name ends. Made by scripts/make_first_names.py from CoNLL-2003 train.\n")
    (ROOT / "generator" / "data" / "first_names.txt").write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} given names")


if __name__ == "__main__":
    main()
