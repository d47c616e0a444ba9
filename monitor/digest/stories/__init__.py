"""Story threads: distinct articles about one event grouped into one digest entry (pure).

    groups = group_stories(items)            # ((lead id, other ids...), ...)
    follows = find_follows(groups, items, earlier_items)   # {lead id: earlier article id}

See ``StoryRule`` for when two articles tell one story.
"""

from monitor.digest.stories.grouping import Group, find_follows, group_stories
from monitor.digest.stories.items import Id, StoryItem, StoryRule

__all__ = ["Group", "Id", "StoryItem", "StoryRule", "find_follows", "group_stories"]
