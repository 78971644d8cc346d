"""Reading pages in tests by their structure, whatever their whitespace and attribute order.

Pages are parsed with Django's own test parser (django.test.html), the one behind assertInHTML:
whitespace runs count as one space, attributes and classes are compared as sets. Use
pytest_django.asserts.assertInHTML for a whole fragment; these helpers for an element found by
its attributes (an opening tag), or for a table row found by its heading.
"""

from __future__ import annotations

from django.test.html import Element, parse_html


def document(page) -> Element:
    """The parsed page: a test client response or an HTML string."""
    return parse_html(page.content.decode() if hasattr(page, "content") else page)


def elements(page, tag: str | tuple[str, ...], **attributes: str) -> list[Element]:
    """Every element named tag (or any of the tags) with the given attributes (class_ for class), in document order.

    A class is matched as one of the element's classes; any other attribute by its whole value.
    """
    wanted = {name.rstrip("_").replace("_", "-"): value for name, value in attributes.items()}
    root = page if isinstance(page, Element) else document(page)
    found = []

    def matches(element: Element) -> bool:
        if element.name not in ((tag,) if isinstance(tag, str) else tag):
            return False
        present = dict(element.attributes)
        for name, value in wanted.items():
            if name == "class":
                if value not in (present.get("class") or "").split():
                    return False
            elif present.get(name) != value:
                return False
        return True

    def walk(element: Element) -> None:
        if matches(element):
            found.append(element)
        for child in element.children:
            if isinstance(child, Element):
                walk(child)

    walk(root)
    return found


def text(element: Element | str) -> str:
    """The text of an element and its descendants, whitespace collapsed to single spaces.

    The parser drops whitespace between two tags, so the texts of adjacent elements are joined by a space.
    """
    if isinstance(element, str):
        return element
    return " ".join(part for part in (text(child) for child in element.children) if part).strip()


def row_cell(page, heading: str) -> Element:
    """The cell beside the row heading (th scope="row") whose text is heading; fails if there is none."""
    for row in elements(page, "tr"):
        cells = [child for child in row.children if isinstance(child, Element)]
        for index, cell in enumerate(cells[:-1]):
            if cell.name == "th" and text(cell) == heading:
                return cells[index + 1]
    raise AssertionError(f"No table row headed {heading!r}.")


def has_sequence(page, fragment: str) -> bool:
    """Whether the fragment's nodes follow each other among the children of one element of the page.

    For a sequence with text between its elements ('<time>…</time>–<time>…</time>'): assertInHTML finds
    such a sequence only when it is the whole content of an element.
    """
    needle = parse_html(fragment)
    wanted = needle.children if needle.name is None else [needle]
    root = page if isinstance(page, Element) else document(page)
    pending = [root]
    while pending:
        element = pending.pop()
        children = element.children
        if any(children[i : i + len(wanted)] == wanted for i in range(len(children) - len(wanted) + 1)):
            return True
        pending.extend(child for child in children if isinstance(child, Element))
    return False
