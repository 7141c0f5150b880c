"""Matching portal datasets to daftar data items: by ID, by Kode Metadata INDAH (both exact, in
epss.core.daftar_data), then by fuzzy title with rapidfuzz among what is still unmatched.

A fuzzy score at or above ``FUZZY_ACCEPT`` is a match; between ``FUZZY_ASK`` and it, the match
is *uncertain* and waits for a user's confirmation; a user's decision (confirmed or rejected)
is kept across re-imports as long as both the item and the dataset still exist.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from epss.core.daftar_data import (
    FUZZY_ACCEPT,
    FUZZY_ASK,
    Dataset,
    Item,
    Match,
    exact_matches,
    normal_title,
)


def _key(title: str) -> str:
    """Tokens sorted: the plain ratio of two keys is rapidfuzz's token_sort_ratio, computed
    once per title instead of once per pair."""
    return " ".join(sorted(normal_title(title).split()))


def match_all(items: Sequence[Item], datasets: Sequence[Dataset],
              decisions: Mapping[str, Match] | None = None) -> dict[str, Match]:
    """item ID -> its match (auto, uncertain, confirmed or rejected)."""
    from rapidfuzz import fuzz, process

    decisions = decisions or {}
    dataset_ids = {d.id for d in datasets}
    item_ids = {i.id for i in items}
    kept = {k: m for k, m in decisions.items()
            if m.state in ("confirmed", "rejected") and k in item_ids
            and m.dataset_id in dataset_ids}
    taken = {m.dataset_id for m in kept.values() if m.state == "confirmed"}
    open_items = [i for i in items if kept.get(i.id) is None or kept[i.id].state == "rejected"]
    found = exact_matches(open_items, [d for d in datasets if d.id not in taken])
    result = dict(kept)
    result.update(found)
    taken |= {m.dataset_id for m in found.values()}
    pool = [d for d in datasets if d.id not in taken]
    keys = [_key(d.title) for d in pool]
    for item in open_items:
        if item.id in found or not pool:
            continue
        rejected = kept[item.id].dataset_id if item.id in kept else None
        best = process.extract(_key(item.nama_data), keys, scorer=fuzz.ratio,
                               score_cutoff=FUZZY_ASK, limit=3, processor=None)
        for _choice, score, index in best:
            d = pool[index]
            if d.id == rejected or d.id in taken:
                continue
            state = "auto" if score >= FUZZY_ACCEPT else "uncertain"
            result[item.id] = Match(item.id, d.id, "judul", round(score), state)
            if state == "auto":
                taken.add(d.id)
            break
    return result
