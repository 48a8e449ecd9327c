"""Near-duplicate articles: the same story scraped twice, not byte for byte the same."""

from __future__ import annotations

import json
import pathlib
import random
import subprocess
import sys

import pytest
from hypothesis import given, settings, strategies as st

import newsdump
from newsdump.cli import main
from tests.conftest import FIXTURES, ROOT, corpus_files, load_script

pytest.importorskip("datasketch", reason="near-duplicates need the extra: pip install -e '.[near]'")

# Sketches, containment and grouping measured directly: recall and precision over
# thousands of generated pairs, which the command line would make a minute a run.
import datasketch
import numpy

from newsdump._near import NUM_PERM, SCHEME, SEED, Grouping, containment, signature, sketch

near_duplicates = load_script(ROOT / "benchmarks" / "near_duplicates.py")
KINDS = near_duplicates.KINDS


def _articles() -> list[newsdump.Article]:
    """Our fixtures' articles and the corpus's, those with a body of a few blocks."""
    paths = sorted((FIXTURES / "valid").glob("*.txt")) + corpus_files()
    found = [article for path in paths for article in newsdump.parse_file(path).articles]
    distinct = {article.fingerprint: article for article in found if len(article.body) >= 3}
    return list(distinct.values())


ARTICLES = _articles()


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("seed", range(3))
def test_each_kind_of_near_duplicate_groups_with_its_article(kind: str, seed: int) -> None:
    rng = random.Random(seed)
    for article in ARTICLES:
        changed = KINDS[kind](article, rng)
        assert changed != article
        grouping = Grouping()
        grouping.add("article", sketch(article))
        grouping.add(kind, sketch(changed))
        (group,) = grouping.several()
        assert [key for key, _ in group.members] == ["article", kind]


def test_different_articles_do_not_group_even_on_one_subject() -> None:
    grouping = Grouping()
    for number, article in enumerate(ARTICLES):
        grouping.add(number, sketch(article))
    assert list(grouping.several()) == []
    # Stories written from one article's words, each with two of its sentences.
    stories = near_duplicates.stories(60)
    grouping = Grouping()
    for number, story in enumerate(stories):
        grouping.add(number, sketch(story))
    assert list(grouping.several()) == []


def test_a_copy_cut_short_and_one_missing_a_paragraph_join_whichever_came_first() -> None:
    # Each is close to the whole story, not to each other: the story, coming last,
    # joins them into one group.
    article = max(ARTICLES, key=lambda a: len(a.body))
    rng = random.Random(5)
    short = KINDS["cut"](article, rng)
    missing = near_duplicates.paragraph_changed(article, rng)
    grouping = Grouping()
    for key, each in (("short", short), ("missing", missing), ("story", article)):
        grouping.add(key, sketch(each))
    (group,) = grouping.groups if len(grouping.groups) == 1 else list(grouping.several())
    assert {key for key, _ in group.members} == {"short", "missing", "story"}


def test_similarity_is_containment_of_the_shorter_article() -> None:
    article = max(ARTICLES, key=lambda a: len(a.text))
    half = near_duplicates.cut(article, random.Random(1))
    assert containment(sketch(article), sketch(half)) >= 0.95
    assert containment(sketch(article), sketch(article)) == 1.0


def test_the_same_groups_come_run_after_run() -> None:
    first = [sketch(article).hashvalues.tolist() for article in ARTICLES]
    again = [sketch(article).hashvalues.tolist() for article in ARTICLES]
    assert first == again
    # And in another process (a fixed seed, a stable shingle hash: not Python's hash).
    script = (
        "import json, sys, newsdump\n"
        "from newsdump._near import sketch\n"
        "doc = newsdump.parse_file(sys.argv[1])\n"
        "print(json.dumps([sketch(a).hashvalues.tolist() for a in doc.articles]))\n"
    )
    path = FIXTURES / "valid" / "interview_and_related.txt"
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    here = [sketch(a).hashvalues.tolist() for a in newsdump.parse_file(path).articles]
    assert json.loads(done.stdout) == here


def _scrapes(tmp_path: pathlib.Path) -> pathlib.Path:
    """Our valid fixtures, and one with its second article cut short and its quotes made
    straight: near-duplicates of articles in them."""
    folder = tmp_path / "scrapes"
    folder.mkdir()
    for path in sorted((FIXTURES / "valid").glob("*.txt")):
        (folder / path.name).write_bytes(path.read_bytes())
    doc = newsdump.parse_file(FIXTURES / "valid" / "interview_and_related.txt")
    rng = random.Random(2)
    changed = [KINDS["quotes"](KINDS["cut"](article, rng), rng) for article in doc.articles]
    (folder / "zz_changed.txt").write_text(
        newsdump.render(newsdump.Document(articles=tuple(changed)))
    )
    return folder


def test_duplicates_reports_each_group_as_a_json_line(
    tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = _scrapes(tmp_path)
    assert main(["duplicates", str(folder), "-j", "1"]) == 0
    groups = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    interview = newsdump.parse_file(folder / "interview_and_related.txt")
    for index, article in enumerate(interview.articles):
        (group,) = [
            g
            for g in groups
            if {"source": str(folder / "interview_and_related.txt"), "index": index}
            in [{"source": m["source"], "index": m["index"]} for m in g["members"]]
        ]
        changed = [m for m in group["members"] if m["source"].endswith("zz_changed.txt")]
        assert [m["index"] for m in changed] == [index]
        assert group["members"][0]["similarity"] == 1.0
        assert all(0.8 <= m["similarity"] <= 1.0 for m in group["members"])
        # The first member is the article (or an exact copy, met in an earlier file).
        assert group["members"][0]["fingerprint"] == article.fingerprint
    assert all(
        list(member) == ["source", "index", "fingerprint", "similarity"]
        for g in groups
        for member in g["members"]
    )


def test_convert_dedupe_near_keeps_the_longest_of_each_group(
    tmp_path: pathlib.Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    folder = _scrapes(tmp_path)
    argv = ["convert", str(folder), "--jsonl", "--dedupe", "near", "-j", "1"]
    assert main(argv) == 0
    near = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    assert main(["convert", str(folder), "--jsonl", "--dedupe", "-j", "1"]) == 0
    exact = [json.loads(line) for line in capsysbinary.readouterr().out.splitlines()]
    assert len(near) == len(exact) - 3  # the three changed copies joined their articles
    interview = newsdump.parse_file(folder / "interview_and_related.txt")
    kept = {record["fingerprint"] for record in near}
    assert {article.fingerprint for article in interview.articles} <= kept  # the longer
    places = sorted((p["source"], p["index"]) for r in near for p in r["found_in"])
    assert places == sorted((p["source"], p["index"]) for r in exact for p in r["found_in"])


def test_threshold_must_be_above_0_and_at_most_1(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["duplicates", str(FIXTURES / "valid"), "--threshold", "1.5"])
    assert raised.value.code == 2
    assert "expected a number above 0 and at most 1" in capsys.readouterr().err
    assert main(["convert", str(FIXTURES / "valid"), "--jsonl", "--threshold", "0.9"]) == 2
    assert "--threshold goes with --dedupe near" in capsys.readouterr().err


@given(st.lists(st.integers(0, 2**32 - 1), min_size=1, max_size=20_000))
@settings(max_examples=30, deadline=None)
def test_a_signature_is_what_datasketch_makes_of_the_same_values(values: list[int]) -> None:
    # newsdump computes datasketch's affine32 MinHash itself, in slices (flat memory);
    # datasketch's own update_batch is the reference.
    reference = datasketch.MinHash(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=lambda value: value
    )
    reference.update_batch(values)
    ours = signature(numpy.array(values, numpy.uint64))
    assert ours.tolist() == reference.hashvalues.tolist()
