"""Actors of the corpus itself: the people, organisations, places and groups a corpus names, found without a codebook.

- `discover`: one row per entity, aliases merged, with kind, titles, affiliation and ambiguity flags
  (`discover_all` also returns the ambiguity table and the mentions counted);
- `ambiguities`: what stays ambiguous (shared surnames, codebook aliases the corpus contradicts), with examples;
- `find_mentions`: every mention of a codebook actor or a discovered entity, saying which one it came from;
- `draft_codebook`: codebook rows for the entities the codebook lacks, for a researcher to review and adopt.

Where each rule lives: `names` (possessives, "the", titles, short forms), `variants` (the variants file and
automatic merging), `recognise` (the spaCy recogniser and its sample), `matching` (string matching and shared
aliases), `context` (titles, affiliations, party tags, acronyms, capitals), `kinds`, `ambiguity`, `checks` (bad input),
`instruments` (the tables in `data/`: places, groups, variants, kind words, family names).
"""

from presslens.entities.ambiguity import AMBIGUITY_COLUMNS
from presslens.entities.checks import EntityWarning
from presslens.entities.discovery import ENTITY_COLUMNS, Discovery, ambiguities, discover, discover_all
from presslens.entities.draft import DRAFT_COLUMNS, draft_codebook
from presslens.entities.mentions import ENTITY_MENTION_COLUMNS, find_mentions

__all__ = ["AMBIGUITY_COLUMNS", "DRAFT_COLUMNS", "ENTITY_COLUMNS", "ENTITY_MENTION_COLUMNS", "Discovery",
           "EntityWarning", "ambiguities", "discover", "discover_all", "draft_codebook", "find_mentions"]
