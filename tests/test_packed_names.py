"""PackedNames: the compact sequence a build returns its written files in and plans its search bundles with."""

from __future__ import annotations

import random

import pytest

from toolkit.packed import CompressedNames, PackedKeySet, PackedNames, PackedNameSet

NAMES = ["404.html", "ar/articles/تقرير.html", "articles/a b.html", "", "caf\udce9.po"]


def test_holds_the_names_in_order_like_a_tuple() -> None:
    packed = PackedNames(NAMES)
    assert list(packed) == NAMES and len(packed) == len(NAMES)
    assert packed == tuple(NAMES) and tuple(NAMES) == packed and packed == NAMES
    assert packed != NAMES[:-1] and packed != [*NAMES[:-1], "other"] and packed != "404.html"
    assert packed[1] == NAMES[1] and packed[-1] == NAMES[-1] and packed[1:3] == tuple(NAMES[1:3])
    assert "articles/a b.html" in packed and "articles" not in packed and packed.index("") == 3
    assert sorted(PackedNames(sorted(NAMES))) == sorted(NAMES)


def test_empty_equals_an_empty_tuple_and_is_false() -> None:
    assert PackedNames() == () and not PackedNames() and list(PackedNames()) == []
    with pytest.raises(IndexError):
        PackedNames()[0]
    with pytest.raises(IndexError):
        PackedNames(["a"])[-2]


def test_is_smaller_than_a_tuple_of_the_names() -> None:
    import sys

    names = [f"ar/articles/synthetic_{number:05d}.html" for number in range(10_000)]
    packed = PackedNames(names)
    as_tuple = sys.getsizeof(tuple(names)) + sum(sys.getsizeof(name) for name in names)
    assert sys.getsizeof(packed._data) + sys.getsizeof(packed._ends) < as_tuple / 2


def test_a_name_set_answers_membership_like_a_frozenset() -> None:
    import pickle

    names = [*NAMES, "a", "a-b", "a.po", "ab", "ä", "ا", "a"]
    packed = PackedNameSet(names)
    by_bytes = sorted(set(names), key=lambda name: name.encode("utf-8", "surrogateescape"))
    assert len(packed) == len(set(names)) and list(packed) == by_bytes
    for name in [*names, "b", "a-", "", "zz", "\udce9", "caf", 3, None]:
        assert (name in packed) == (name in set(names))
    again = pickle.loads(pickle.dumps(packed))
    assert list(again) == list(packed) and "a-b" in again and "a-c" not in again
    assert type(again) is PackedNameSet and pickle.loads(pickle.dumps(PackedNames(NAMES))) == NAMES
    ids = PackedNameSet(f"article-{number:06d}" for number in range(20_000))
    assert len(pickle.dumps(ids)) * 4 < len(ids._data) + len(ids._ends) * 8
    assert not PackedNameSet() and "a" not in PackedNameSet()


def test_a_key_set_says_which_keys_it_held_already_like_a_set() -> None:
    keys = PackedKeySet()
    rng = random.Random(14)
    step = PackedKeySet.FILTER_BITS
    first, second = 0x0102030405060708, 0x0807060504030201
    # Held one after the other, their bytes hold this key's at an offset that is no key's start.
    straddling = int.from_bytes(first.to_bytes(8, "little")[4:] + second.to_bytes(8, "little")[:4], "little")
    # Keys that share a filter bit (so the packed keys are searched), the straddling key among them.
    crafted = [5, 5 + step, 5 + 7 * step, first, second, straddling % step + 3 * step, straddling, 2**64 - 1, 0]
    seen: set[int] = set()
    for key in [*crafted, *(rng.getrandbits(64) for _ in range(20_000)), *crafted]:
        assert keys.add(key) == (key in seen), key
        seen.add(key)
    assert len(keys) == len(seen)


def test_compressed_names_hold_the_names_in_order_like_a_tuple() -> None:
    many = [f"pagefind/b{number % 97:02x}/fragment/en_{number * 7919:x}.pf_fragment" for number in range(60_000)]
    for names in (NAMES, many, []):
        compressed = CompressedNames(names)
        assert list(compressed) == names and len(compressed) == len(names) and compressed == tuple(names)
        assert (compressed == [*names, "more"]) is False
    compressed = CompressedNames(many)
    assert compressed[0] == many[0] and compressed[-1] == many[-1] and compressed[7:9] == tuple(many[7:9])
    assert many[31_337] in compressed and "pagefind" not in compressed
    assert len(compressed._data) * 5 < sum(len(name) for name in many)
    with pytest.raises(IndexError):
        CompressedNames(NAMES)[len(NAMES)]


def test_names_sorted_in_runs_come_out_as_one_sorted_sequence(monkeypatch: pytest.MonkeyPatch) -> None:
    import toolkit.packed

    monkeypatch.setattr(toolkit.packed, "SORT_RUN", 7)
    rng = random.Random(14)
    names = [*NAMES, *NAMES, *(f"n{rng.randrange(1000)}\u0627" for _ in range(100))]
    rng.shuffle(names)
    assert list(PackedNames.sorted(names)) == sorted(names) and PackedNames.sorted([]) == ()
    by_bytes = sorted(set(names), key=lambda name: name.encode("utf-8", "surrogateescape"))
    assert list(PackedNameSet(names)) == by_bytes
