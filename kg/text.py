"""Turn a raw article file into the canonical text that every offset and hash refers to.

The canonical text is computed once: NFC-normalised, page boilerplate removed,
blank-line runs collapsed. Offsets anywhere in the graph count code points of
this text (Python ``str`` indices), and ``sha256_hex`` of it is the article's hash.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata

# Whole lines that web pages wrap around a story; they are never article text.
BOILERPLATE_LINES = (
    re.compile(r"What['’]s Your Reaction\?"),
    re.compile(r"This site uses cookies\..*"),
    re.compile(r"Related Articles"),
    re.compile(r"Source ?: .* More"),
    re.compile(r"(?:©|\(c\)|Copyright)\s*\d{4}\b.*", re.IGNORECASE),
)

# A line that starts the next story of a page that holds several.
STORY_SEPARATOR = re.compile(r"^[ \t]*Next Article[ \t]*$", re.MULTILINE)


def normalise(raw: str) -> str:
    """NFC-normalise and unify line ends; the first step of every text."""
    return unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))


def split_stories(raw: str) -> list[str]:
    """Split a page into its stories at each 'Next Article' line.

    >>> split_stories("One.\\nNext Article\\nTwo.")
    ['One.\\n', '\\nTwo.']
    """
    return STORY_SEPARATOR.split(raw)


def clean(story: str, page_tags: tuple[str, ...] | list[str] = ()) -> str:
    """Return the canonical article text of one story.

    Drops boilerplate lines, page tags given by the metadata (only before the
    first real line), and a headline repeated within the first lines of the story.

    >>> clean("Tag\\n\\nHeadline\\n\\nHeadline\\n\\nBody.\\n\\nRelated Articles", ["Tag"])
    'Headline\\n\\nBody.'
    """
    lines = [line.rstrip() for line in normalise(story).split("\n")]
    kept: list[str] = []
    tags = {normalise(t).strip() for t in page_tags}
    for line in lines:
        stripped = line.strip()
        if any(p.fullmatch(stripped) for p in BOILERPLATE_LINES):
            continue
        content = [k for k in kept if k]
        if not content and stripped in tags:
            continue
        if stripped and len(content) < 4 and content and stripped == content[0].strip():
            continue  # the headline printed twice by the page template
        kept.append(line)
    text = "\n".join(kept)
    text = re.sub(r"\n[ \t]*(?:\n[ \t]*)+", "\n\n", text)
    return text.strip()


def sha256_hex(text: str) -> str:
    """SHA-256 of the UTF-8 bytes of ``text``, as lowercase hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
