"""Near-duplicate articles: precision and recall on a generated set, and throughput.

    python benchmarks/near_duplicates.py [--articles 1000] [--speed 10000,100000]
                                         [--cuts 400]

Quality. Stories are written from the words of our own fixtures and, when present, the
corpus: stories of one subject from the vocabulary of one source article, in sentences
of their own, but for two sentences of the source each, quoted as reports of one event
quote the same words. Each story
gets up to three near-duplicates, one of each kind the tests use: cut off at 60-90% of
the body, the headline reworded, a paragraph added or removed, typographic quotes made
straight. Articles are shuffled (fixed seed) and grouped; a pair of articles is a true
pair when both come from one story. Precision: the share of pairs grouped together that
are true; recall: the share of true pairs grouped together.

Cuts. A scraper often cuts a page at part of its body. ``--cuts N`` writes N short
stories (1-3 KB, as many real pages are) and N long ones (6-12 KB), each with a copy cut
at 40, 50, 60, 70, 80 and 90% of its body (whole blocks kept, as a scrape keeps them),
among realistic negatives: stories of one subject from one vocabulary, two sentences of
the same source quoted in each, and a third of them ending in the same agency
paragraph. Recall at each cut: the share of cut copies grouped with their page;
precision over all pairs.

Speed. ``newsdump duplicates`` as a new process over files of generated articles, four
to a file: articles per second and the peak resident memory, for each size.
"""

from __future__ import annotations

import argparse
import itertools
import pathlib
import random
import re
import subprocess
import sys
import tempfile
import time

import attrs

import newsdump
from newsdump._near import DEFAULT_THRESHOLD, Grouping, sketch

ROOT = pathlib.Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"


def sources() -> list[newsdump.Article]:
    """The articles stories are made from: our fixtures, and the corpus when present."""
    paths = sorted((ROOT / "fixtures" / "valid").glob("*.txt")) + sorted(CORPUS.glob("*.txt"))
    return [article for path in paths for article in newsdump.parse_file(path).articles]


def stories(count: int, seed: int = 7) -> list[newsdump.Article]:
    """``count`` different articles. Those of one subject are written from the words of
    one source article, in sentences of their own: the same vocabulary, other text, as
    two reports of one event are. (Drawing whole sentences from the source instead would
    make stories that share most of their text: near-duplicates, not different ones.)"""
    rng = random.Random(seed)
    subjects = [
        (
            article,
            words,
            [q for q in re.split(r"(?<=[.!?])\s+", article.text) if 8 <= len(q.split()) <= 30],
        )
        for article in sources()
        if len(words := re.findall(r"[\w’'-]+", article.text)) >= 100
    ]
    made = []
    for number in range(count):
        article, words, quotes = subjects[number % len(subjects)]
        sentences = [
            " ".join(rng.choices(words, k=rng.randint(10, 20))).capitalize() + "."
            for _ in range(rng.randint(8, 16))
        ]
        # Two sentences of the source, as reports of one event quote the same words.
        for quote in rng.sample(quotes, k=min(2, len(quotes))):  # of 8 to 30 words
            sentences.insert(rng.randrange(len(sentences) + 1), quote.strip())
        paragraphs = [" ".join(sentences[at : at + 2]) for at in range(0, len(sentences), 2)]
        made.append(
            newsdump.Article(
                headline=f"{article.headline} ({number})",
                caption=article.caption,
                body=tuple(newsdump.Paragraph(text) for text in paragraphs),
            )
        )
    return made


def cut(article: newsdump.Article, rng: random.Random) -> newsdump.Article:
    """The article as a scrape cut off at 60-90% of its body text."""
    keep = int(len(article.text) * rng.uniform(0.6, 0.9))
    body: list[newsdump.Paragraph] = []
    for block in article.body:
        if keep <= 0:
            break
        body.append(newsdump.Paragraph(block.text[:keep]))
        keep -= len(block.text) + 2
    return attrs.evolve(article, body=tuple(body))


def reworded(article: newsdump.Article, rng: random.Random) -> newsdump.Article:
    words = (article.headline or "").split()
    words[rng.randrange(len(words))] = rng.choice(["Updated:", "Officials", "New", "Report"])
    return attrs.evolve(article, headline="Update: " + " ".join(words))


def paragraph_changed(article: newsdump.Article, rng: random.Random) -> newsdump.Article:
    body = list(article.body)
    if len(body) > 3 and rng.random() < 0.5:
        del body[rng.randrange(len(body))]
    else:
        added = newsdump.Paragraph("A spokesman added on Tuesday that more details would follow.")
        body.insert(rng.randrange(len(body) + 1), added)
    return attrs.evolve(article, body=tuple(body))


_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def straight_quotes(article: newsdump.Article, _rng: random.Random) -> newsdump.Article:
    return attrs.evolve(
        article,
        headline=(article.headline or "").translate(_STRAIGHT),
        body=tuple(newsdump.Paragraph(block.text.translate(_STRAIGHT)) for block in article.body),
    )


KINDS = {
    "cut": cut,
    "headline": reworded,
    "paragraph": paragraph_changed,
    "quotes": straight_quotes,
}


def labelled(count: int, seed: int = 11) -> list[tuple[int, str, newsdump.Article]]:
    """``count`` stories and up to three near-duplicates of each, labelled by story and
    kind ("story" for the story itself)."""
    rng = random.Random(seed)
    articles = []
    for story, article in enumerate(stories(count)):
        articles.append((story, "story", article))
        for kind in rng.sample(sorted(KINDS), k=rng.randint(0, 3)):
            articles.append((story, kind, KINDS[kind](article, rng)))
    rng.shuffle(articles)
    return articles


def quality(count: int, threshold: float) -> tuple[float, float, int, dict[str, float]]:
    """Precision, recall, how many articles were grouped, and the recall of each kind
    (the share of its near-duplicates grouped with their story)."""
    articles = labelled(count)
    grouping = Grouping(threshold)
    for number, (_, _, article) in enumerate(articles):
        grouping.add(number, sketch(article))
    group_of = [grouping.group_of(number) for number in range(len(articles))]  # after merges
    true = predicted = both = 0
    for first, second in itertools.combinations(range(len(articles)), 2):
        same_story = articles[first][0] == articles[second][0]
        same_group = group_of[first] == group_of[second]
        true += same_story
        predicted += same_group
        both += same_story and same_group
    story_group = {
        story: group_of[n] for n, (story, kind, _) in enumerate(articles) if kind == "story"
    }
    kinds: dict[str, list[bool]] = {}
    for number, (story, kind, _) in enumerate(articles):
        if kind != "story":
            kinds.setdefault(kind, []).append(group_of[number] == story_group[story])
    by_kind = {kind: sum(found) / len(found) for kind, found in sorted(kinds.items())}
    return both / max(predicted, 1), both / max(true, 1), len(articles), by_kind


def speed(count: int, folder: pathlib.Path) -> tuple[float, int]:
    """Seconds and peak KiB of ``newsdump duplicates`` over ``count`` generated articles."""
    rng = random.Random(3)
    made = stories(count // 2)
    articles = list(itertools.chain.from_iterable((a, KINDS["cut"](a, rng)) for a in made))
    for number in range(0, len(articles), 4):
        doc = newsdump.Document(articles=tuple(articles[number : number + 4]))
        path = folder / f"{number // 4 // 1000:03}" / f"{number // 4:06}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(newsdump.render(doc), encoding="utf-8")
    start = time.perf_counter()
    peak = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    done = subprocess.run(
        [sys.executable, "-c", peak, sys.executable, "-m", "newsdump", "duplicates", str(folder)],
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - start, int(done.stdout.split()[-1])


_AGENCY = (
    "The Saudi Press Agency said the statement was issued after the weekly cabinet session "
    "chaired in Riyadh, and that further details would be announced by the ministries "
    "concerned in the coming days, according to the official news service."
)
CUTS = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def _sized(article: newsdump.Article, low: int, high: int, rng: random.Random) -> newsdump.Article:
    """The story with paragraphs dropped or repeated (reworded) to ``low``-``high`` chars."""
    body = list(article.body)
    target = rng.randint(low, high)
    while len("\n\n".join(b.text for b in body)) < target:
        body.append(
            newsdump.Paragraph(" ".join(reversed(body[len(body) % len(article.body)].text.split())))
        )
    while len(body) > 2 and len("\n\n".join(b.text for b in body)) > target:
        body.pop()
    if rng.random() < 1 / 3:
        body.append(newsdump.Paragraph(_AGENCY))
    return attrs.evolve(article, body=tuple(body))


def cut_at(article: newsdump.Article, share: float) -> newsdump.Article:
    """The article with the whole blocks that hold the first ``share`` of its body text."""
    keep = share * len(article.text)
    body: list[newsdump.Block] = []
    for block in article.body:
        if body and sum(len(b.text) + 2 for b in body) >= keep:
            break
        body.append(block)
    return attrs.evolve(article, body=tuple(body))


def cut_recall(count: int, threshold: float) -> list[tuple[str, float, dict[float, float]]]:
    """For short and long pages: the lowest precision, and the recall at each cut. Each
    cut is a run of its own, the pages and one copy of each cut there: copies cut at
    other shares would join a page through each other."""
    rng = random.Random(5)
    rows = []
    for size, low, high in (("short 1-3 KB", 1000, 3000), ("long 6-12 KB", 6000, 12000)):
        pages = [_sized(article, low, high, rng) for article in stories(count, seed=13)]
        recall: dict[float, float] = {}
        precision = 1.0
        for share in CUTS:
            articles = [(n, False, page) for n, page in enumerate(pages)]
            articles += [(n, True, cut_at(page, share)) for n, page in enumerate(pages)]
            grouping = Grouping(threshold)
            for number, (_, _, article) in enumerate(articles):
                grouping.add(number, sketch(article))
            group_of = [grouping.group_of(number) for number in range(len(articles))]
            recall[share] = sum(
                group_of[n] == group_of[n + len(pages)] for n in range(len(pages))
            ) / len(pages)
            precision = min(precision, _precision(group_of, [n for n, _, _ in articles]))
        rows.append((size, precision, recall))
    return rows


def _precision(group_of: list[int], page_of: list[int]) -> float:
    """The share of pairs grouped together that are copies of one page."""
    members: dict[int, list[int]] = {}
    for number, group in enumerate(group_of):
        members.setdefault(group, []).append(page_of[number])
    pairs = [pair for m in members.values() for pair in itertools.combinations(m, 2)]
    return sum(a == b for a, b in pairs) / max(len(pairs), 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000, help="stories for quality")
    parser.add_argument("--speed", default="10000,100000", help="article counts for speed")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    parser.add_argument("--cuts", type=int, default=400, help="pages for the cut recall")
    arguments = parser.parse_args()
    for size, lowest, at_cuts in cut_recall(arguments.cuts, arguments.threshold):
        shown = ", ".join(f"{share:.0%} {value:.3f}" for share, value in at_cuts.items())
        print(f"{size} pages cut at: {shown}; precision {lowest:.4f}")
    precision, recall, grouped, by_kind = quality(arguments.articles, arguments.threshold)
    print(
        f"{grouped:,} articles ({arguments.articles:,} stories and their near-duplicates), "
        f"threshold {arguments.threshold}: precision {precision:.4f}, recall {recall:.4f}"
    )
    print("  grouped with their story: " + ", ".join(f"{k} {v:.4f}" for k, v in by_kind.items()))
    for count in [int(part) for part in arguments.speed.split(",") if part]:
        with tempfile.TemporaryDirectory() as temporary:
            seconds, kib = speed(count, pathlib.Path(temporary))
        print(
            f"duplicates over {count:,} articles: {seconds:6.1f} s, "
            f"{count / seconds:7,.0f} articles/s (start-up included), peak {kib / 1024:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
