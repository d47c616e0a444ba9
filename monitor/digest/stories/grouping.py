"""Story threads: group distinct articles about one event, and find the story a group follows.

Pure: values in, values out. Links come from ``links``; groups are the connected parts of the
link graph, each rebuilt by average-link agglomeration so that two parts are merged only when
enough links bridge them (``rule.bridge`` times the smaller part's size).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np

from monitor.digest.stories.items import Id, StoryItem, StoryRule
from monitor.digest.stories.links import lead_links, link_pairs, signals, within_window

Group = tuple[Id, ...]
DEFAULT_RULE = StoryRule()


def group_stories(items: Sequence[StoryItem], rule: StoryRule = DEFAULT_RULE) -> tuple[Group, ...]:
    """The story groups of ``items`` (ids), each with its lead first; singletons included.

    Groups come in the order of their first article in ``items``.
    """
    items = list(items)
    if not items:
        return ()
    pairs = link_pairs(signals(items, rule), [i.published for i in items], rule)
    clusters: list[list[int]] = []
    for part in components(len(items), pairs):
        clusters.extend(average_link(part, pairs, rule.bridge) if len(part) > 2 else [part])
    ordered = [sorted(c, key=lambda k: lead_key(items[k], k)) for c in clusters]
    ordered.sort(key=min)
    return tuple(tuple(items[k].id for k in c) for c in ordered)


def lead_key(item: StoryItem, position: int) -> tuple:
    """Best first: most sources, then the longest text, then the earliest, then input order."""
    moment = item.published.timestamp() if item.published else float("inf")
    length = item.length if item.length is not None else len(item.text.split())
    return (-item.sources, -length, moment, position)


def components(n: int, pairs: Sequence[tuple[int, int]]) -> list[list[int]]:
    """The connected parts of the graph on 0..n-1 with edges ``pairs``, each sorted."""
    parent = list(range(n))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for i, j in pairs:
        parent[root(i)] = root(j)
    parts: dict[int, list[int]] = {}
    for k in range(n):
        parts.setdefault(root(k), []).append(k)
    return list(parts.values())


def average_link(
    part: Sequence[int], pairs: Sequence[tuple[int, int]], bridge: float
) -> list[list[int]]:
    """Split one connected part: merge the two clusters with the highest share of linked pairs
    across them, of those whose links across number at least ``bridge`` times the size of the
    smaller one, until no two clusters are bridged so."""
    index = {k: p for p, k in enumerate(part)}
    across = np.zeros((len(part), len(part)), dtype=np.float64)  # links between two clusters
    for i, j in pairs:
        if i in index and j in index:
            across[index[i], index[j]] = across[index[j], index[i]] = 1.0
    clusters = [[p] for p in range(len(part))]
    sizes = np.ones(len(part))
    while len(clusters) > 1:
        bridged = (across > 0) & (across >= bridge * np.minimum.outer(sizes, sizes))
        share = np.where(bridged, across / np.outer(sizes, sizes), -1.0)
        np.fill_diagonal(share, -1.0)
        a, b = np.unravel_index(int(np.argmax(share)), share.shape)
        if share[a, b] < 0:
            break
        clusters[a] = clusters[a] + clusters[b]
        del clusters[b]
        across[a, :] += across[b, :]  # the merged cluster's links: the sum of both
        across[:, a] += across[:, b]
        across = np.delete(np.delete(across, b, axis=0), b, axis=1)
        sizes[a] += sizes[b]
        sizes = np.delete(sizes, b)
    return [sorted(part[p] for p in cluster) for cluster in clusters]


def find_follows(
    groups: Sequence[Group],
    items: Sequence[StoryItem],
    earlier: Sequence[StoryItem],
    rule: StoryRule = DEFAULT_RULE,
) -> dict[Id, Id]:
    """For each group (by its lead's id) that continues a story of an earlier digest, the id of
    the earlier article it follows: the one linked to the most of the group's articles (at least
    ``rule.cohesion`` of them), the most recent on a tie. Groups with none are left out."""
    if not groups or not earlier:
        return {}
    current, earlier = list(items), list(earlier)
    compared = signals(current + earlier, rule, whole=False)
    position = {item.id: k for k, item in enumerate(current)}
    olds = np.arange(len(current), len(current) + len(earlier))
    dates = [e.published for e in earlier]
    found: dict[Id, Id] = {}
    for group in groups:
        rows = np.array([position[i] for i in group])
        linked = lead_links(compared.lead, rows, olds, rule)
        linked &= within_window([current[r].published for r in rows], dates, rule.window_days)
        linked &= _before([current[r].published for r in rows], dates)
        share = linked.mean(axis=0)
        best = max(range(len(earlier)), key=lambda k: (share[k], _stamp(dates[k])))
        if share[best] >= rule.cohesion and share[best] > 0:
            found[group[0]] = earlier[best].id
    return found


def _before(now: Sequence[datetime | None], then: Sequence[datetime | None]) -> np.ndarray:
    """Where the earlier article is not later than the current one (unknown dates pass)."""
    return np.array([[a is None or b is None or b <= a for b in then] for a in now], dtype=bool)


def _stamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment else float("-inf")
