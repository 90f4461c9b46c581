"""Reading HTML answers in tests: the page as an element tree, and an element's text."""
from __future__ import annotations

import html5lib


def tree(resp):
    """The response's HTML as an ElementTree (no namespaces), as a browser would parse it."""
    return html5lib.parse(resp.get_data(as_text=True), treebuilder="etree", namespaceHTMLElements=False)


def text(el) -> str:
    return "".join(el.itertext())
