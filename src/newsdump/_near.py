"""Near-duplicate articles: the same story scraped twice, not byte for byte the same.

Each article is a set of word shingles (five words in a row, lowercased, of its
headline and body text: punctuation and typographic quotes make no difference), and a
MinHash signature of that set (datasketch's scheme and permutations, fixed seed: the
same groups run after run). Articles that locality-sensitive hashing names as
candidates are compared, and linked when similar enough; a group is what links join
(see ``Grouping``). Memory holds one signature an article.

Similarity is containment, not Jaccard: the share of the smaller article's shingles
found in the other, estimated from the two signatures and the sizes of the two sets. A
scrape cut off at 60% of the body shares all its shingles with the whole article, but
its Jaccard similarity is 0.6; containment calls it 1.0, as a reader would.
"""

from __future__ import annotations

import functools
import itertools
import re
import zlib
from collections.abc import Iterator
from typing import Any

import attrs

from newsdump._model import Article

__all__ = [
    "DEFAULT_THRESHOLD",
    "NEAR_EXTRA",
    "Grouping",
    "Sketch",
    "containment",
    "require_datasketch",
    "sketch",
]

NEAR_EXTRA = "pip install 'newsdump[near]'"
DEFAULT_THRESHOLD = 0.8
SHINGLE_WORDS = 5
NUM_PERM = 128
SCHEME = "affine32"  # datasketch 2's default, named: signatures must not change with it
SEED = 20_261_122  # any fixed number: the same signatures, so the same groups, every run

_WORD = re.compile(r"\w+")


def require_datasketch() -> Any:
    try:
        import datasketch  # noqa: PLC0415 -- an optional extra, loaded when used
    except ImportError:
        raise ImportError(f"near-duplicates need datasketch: {NEAR_EXTRA}") from None
    return datasketch


def _numpy() -> Any:
    """numpy, which datasketch brings: loaded with it, when used."""
    require_datasketch()
    import numpy  # noqa: PLC0415

    return numpy


@attrs.frozen
class Sketch:
    """What comparing an article takes: its MinHash values and how many shingles it has,
    and its length in characters (the longest of a group is the one kept)."""

    hashvalues: Any  # numpy array of NUM_PERM unsigned 64-bit integers
    size: int
    length: int


def shingles(article: Article) -> Any:
    """The article's word shingles, each a stable 32-bit hash, as a sorted numpy array
    without repeats. Each distinct word is hashed once (CRC-32: the same in every
    process, unlike ``hash``), and a shingle's hash is a polynomial of its words' hashes,
    computed for all shingles at once: no string is built for a shingle."""
    numpy = _numpy()
    text = f"{article.headline or ''}\n{article.text}"
    words = _WORD.findall(text.lower())
    if not words:
        # No word to share: such an article is near only to one with the same text (with
        # an empty set, every article of punctuation alone would be one group).
        return numpy.array([zlib.crc32(text.encode("utf-8", "surrogatepass"))], numpy.uint64)
    hashed = {word: zlib.crc32(word.encode("utf-8", "surrogatepass")) for word in set(words)}
    values = numpy.fromiter(map(hashed.__getitem__, words), numpy.uint64, len(words))
    count = max(1, len(words) - SHINGLE_WORDS + 1)
    found = numpy.zeros(count, numpy.uint64)
    for offset in range(min(SHINGLE_WORDS, len(words))):
        # Below 2**32 times 2**20, plus a 32-bit value: no uint64 overflow.
        found = ((found * _MULTIPLIER) + values[offset : offset + count]) & _LOW_32
    return numpy.unique(found)


_MULTIPLIER = 1_000_003  # an odd prime under 2**20, as in many string hashes
_LOW_32 = 0xFFFF_FFFF


@functools.cache
def _permutations() -> tuple[Any, Any]:
    """datasketch's affine permutations for our seed: made once, not once an article."""
    template = require_datasketch().MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    first, second = template.permutations
    return first, second


# MurmurHash3's 32-bit finalizer, which datasketch's affine32 scheme applies to each value
# before its permutations (tests/test_near.py checks the signatures are datasketch's).
_FMIX32 = (16, 0x85EBCA6B, 13, 0xC2B2AE35, 16)
_ROWS_AT_ONCE = 8192  # shingles permuted at once: 4 MB of work, however long the article


def signature(values: Any) -> Any:
    """The MinHash signature of 32-bit values, as datasketch's ``MinHash(scheme=
    "affine32").update_batch`` makes it, computed here in numpy: datasketch hashes the
    values one by one in Python, and permutes them all at once (a 5 MB article's million
    shingles took a gigabyte). Here they go through in slices: memory stays flat."""
    numpy = _numpy()
    first, second = _permutations()
    shift1, multiply1, shift2, multiply2, shift3 = (numpy.uint32(n) for n in _FMIX32)
    found = numpy.full(NUM_PERM, numpy.iinfo(numpy.uint32).max, numpy.uint32)
    with numpy.errstate(over="ignore"):  # multiplication wraps: modulo 2**32, as meant
        for start in range(0, len(values), _ROWS_AT_ONCE):
            hashed = values[start : start + _ROWS_AT_ONCE].astype(numpy.uint32)
            hashed = hashed ^ (hashed >> shift1)
            hashed = hashed * multiply1
            hashed = hashed ^ (hashed >> shift2)
            hashed = hashed * multiply2
            hashed = (hashed ^ (hashed >> shift3)).reshape(-1, 1)
            numpy.minimum(found, (hashed * first + second).min(axis=0), out=found)
    return found


def sketch(article: Article) -> Sketch:
    """The article's sketch (see Sketch)."""
    found = shingles(article)
    length = len(article.headline or "") + len(article.text)
    return Sketch(signature(found), len(found), length)


def containment(first: Sketch, other: Sketch) -> float:
    """The estimated share of the smaller set's shingles found in the other set: from
    the Jaccard estimate J and the sizes, |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    jaccard = float((first.hashvalues == other.hashvalues).mean())
    shared = jaccard * (first.size + other.size) / (1 + jaccard)
    return min(1.0, shared / min(first.size, other.size))


@attrs.define
class Group:
    members: list[tuple[Any, float]]  # (key, similarity to the first member), in order


SHORTEST_CUT = 0.4
"""The shortest copy of a page the grouping promises to find with it: one cut to this
share of the page's text (benchmarks/near_duplicates.py --cuts measures it)."""


def candidate_jaccard(threshold: float) -> float:
    """The Jaccard similarity of a copy cut to SHORTEST_CUT of its page, ``threshold`` of
    it found in the page: shared ``s t``, union ``1 + s - s t`` (the page's size 1)."""
    share = SHORTEST_CUT
    return share * threshold / (1 + share - share * threshold)


class Grouping:
    """Articles put into groups of near-duplicates (see the module).

    Two articles are linked when they are at least ``threshold`` similar; a group is
    what links join, so a copy cut short and a copy missing a middle paragraph, each
    close to the whole story but not to each other, are one group with it. Candidates
    come from locality-sensitive hashing: the signatures are cut into bands (datasketch
    chooses how many, for the Jaccard similarity ``candidate_jaccard`` gives), and
    articles that agree on a whole band are compared.
    Bands are sorted, not kept in hash tables: memory is the signatures, 512 bytes an
    article, and a few bytes a band (100,000 articles: about 90 MB), and time is a sort
    a band. Within a run of articles that agree on a band, each is compared with the
    run's first and with the one before it: a run of k costs 2k comparisons, not k².
    """

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"expected a threshold above 0 and at most 1, found {threshold}")
        self.threshold = threshold
        # A missed candidate is a missed group, an extra one costs one comparison: false
        # negatives weigh nine times false positives. Candidates down to the Jaccard
        # similarity of a copy cut to SHORTEST_CUT of its page and ``threshold`` contained
        # in it (at 0.8: 0.296; bands of two rows: at 0.4, 99.7% are found).
        lsh = require_datasketch().MinHashLSH(
            threshold=candidate_jaccard(threshold), num_perm=NUM_PERM, weights=(0.1, 0.9)
        )
        self._bands, self._rows_per_band = lsh.b, lsh.r
        self._hashvalues: list[Any] = []
        self._sizes: list[int] = []
        self._keys: list[Any] = []
        self._parent: list[int] | None = None  # union-find, once grouped

    def add(self, key: Any, article: Sketch) -> int:
        """Take one article; returns its number (the order articles came in)."""
        self._hashvalues.append(article.hashvalues.astype("uint32"))  # affine32: 32 bits
        self._sizes.append(article.size)
        self._keys.append(key)
        self._parent = None
        return len(self._keys) - 1

    def group_of(self, number: int) -> int:
        """The group (its first article's number) the ``number``-th article is in."""
        return self._root(self._grouped(), number)

    @property
    def groups(self) -> list[Group]:
        """Every group, in the order their first members came, each member with its
        similarity to the first."""
        parent = self._grouped()
        members: dict[int, list[int]] = {}
        for number in range(len(self._keys)):
            members.setdefault(self._root(parent, number), []).append(number)
        return [
            Group(
                [
                    (self._keys[m], 1.0 if m == first else round(self._similarity(first, m), 4))
                    for m in found
                ]
            )
            for first, found in sorted(members.items())
        ]

    def several(self) -> Iterator[Group]:
        """The groups of two articles or more, in the order their first members came."""
        return (group for group in self.groups if len(group.members) > 1)

    def _similarity(self, first: int, other: int) -> float:
        return containment(
            Sketch(self._hashvalues[first], self._sizes[first], 0),
            Sketch(self._hashvalues[other], self._sizes[other], 0),
        )

    def _grouped(self) -> list[int]:
        if self._parent is not None:
            return self._parent
        numpy = _numpy()
        parent = list(range(len(self._keys)))
        if self._keys:
            signatures = numpy.vstack(self._hashvalues)
            for band in range(self._bands):
                columns = signatures[
                    :, band * self._rows_per_band : (band + 1) * self._rows_per_band
                ]
                self._link_runs(parent, _band_keys(numpy, columns))
        self._parent = parent
        return parent

    def _link_runs(self, parent: list[int], keys: Any) -> None:
        """Compare the articles that agree on one band, run by run (see the class)."""
        numpy = _numpy()
        order = numpy.argsort(keys, kind="stable")  # stable: numbers ascend within a run
        ordered = keys[order]
        starts = numpy.flatnonzero(ordered[1:] != ordered[:-1]) + 1
        for run in numpy.split(order, starts):
            if len(run) < 2:
                continue
            first = int(run[0])
            for previous, number in itertools.pairwise(int(n) for n in run):
                if self._similarity(first, number) >= self.threshold:
                    _union(parent, first, number)
                elif previous != first and self._similarity(previous, number) >= self.threshold:
                    _union(parent, previous, number)

    @staticmethod
    def _root(parent: list[int], number: int) -> int:
        while parent[number] != number:
            parent[number] = parent[parent[number]]
            number = parent[number]
        return number


def _union(parent: list[int], one: int, other: int) -> None:
    """Join two groups; the one whose first article came first takes the other in."""
    one, other = Grouping._root(parent, one), Grouping._root(parent, other)
    if one != other:
        parent[max(one, other)] = min(one, other)


def _band_keys(numpy: Any, columns: Any) -> Any:
    """One 64-bit key a row of a band: the same rows, the same key (and other rows
    almost never: a false match only costs a comparison)."""
    keys = numpy.zeros(len(columns), dtype=numpy.uint64)
    for column in columns.T:
        keys = keys * numpy.uint64(0x100000001B3) ^ column.astype(numpy.uint64)
    return keys
