"""What WeasyPrint's PDF/UA tagging leaves out, added to the printed PDF (WeasyPrint 70).

- Passages in another language than the document's (`lang="sq"` on an element) carry their `/Lang`:
  WeasyPrint writes only the document's language, so its box-tree builder is wrapped to copy each
  element's `lang` onto the structure element it makes.
- Running headers and footers (margin boxes) are artifacts: WeasyPrint marks their text as tagged
  content of structure elements it leaves out of the tree; `finish()` marks it `/Artifact` instead.
- Table header cells carry a `/Scope` (Column in the head, Row in the body) and an `/ID`, and every
  data cell lists in `/Headers` the header cells above it and before it in its row, computed from the
  table's grid (row and column spans included); the IDs are registered in the `/IDTree`.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
from weasyprint.pdf import tags as weasyprint_tags

_build_box_tree = weasyprint_tags._build_box_tree


def _build_box_tree_with_languages(box, parent, *args) -> Iterator:
    """WeasyPrint's builder, then the box's `lang` on each element made for it (the innermost wins)."""
    element = getattr(getattr(box, "_box", box), "element", None)
    language = element.get("lang") if element is not None and element.tag not in ("html", "body") else None
    for made in _build_box_tree(box, parent, *args):
        if language and "Lang" not in made:
            made["Lang"] = weasyprint_tags.pydyf.String(language)
        yield made


weasyprint_tags._build_box_tree = _build_box_tree_with_languages


def finish(content: bytes) -> bytes:
    """The PDF with its margin boxes as artifacts and its tables' headers scoped and linked."""
    with pikepdf.open(io.BytesIO(content)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return content
        in_tree = _elements(root)
        _margin_boxes_as_artifacts(pdf, root, {element.objgen for element in in_tree})
        ids = []
        for number, table in enumerate(element for element in in_tree if element.get("/S") == "/Table"):
            ids += _link_headers(table, number)
        if ids:
            ids.sort(key=lambda pair: bytes(pair[0]))
            names = pikepdf.Array()
            for key, element in ids:
                names.append(key)
                names.append(element)
            root.IDTree = pdf.make_indirect(pikepdf.Dictionary(Names=names))
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def _kids(element: pikepdf.Dictionary) -> list:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(root: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the root, in reading order."""
    found, stack = [], list(reversed(_kids(root)))
    while stack:
        element = stack.pop()
        if isinstance(element, pikepdf.Dictionary) and "/S" in element:
            found.append(element)
            stack.extend(reversed(_kids(element)))
    return found


def _margin_boxes_as_artifacts(pdf: pikepdf.Pdf, root: pikepdf.Dictionary, in_tree: set) -> None:
    """Marked content whose structure element is not in the tree becomes a pagination artifact."""
    parent_tree = root.ParentTree.Nums
    per_page = {int(parent_tree[index]): parent_tree[index + 1] for index in range(0, len(parent_tree), 2)}
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        mapping = per_page.get(int(key)) if key is not None else None
        if not isinstance(mapping, pikepdf.Array):
            continue
        orphans = {
            mcid
            for mcid, element in enumerate(mapping)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in in_tree
        }
        if not orphans:
            continue
        instructions = []
        for operands, operator in pikepdf.parse_content_stream(page):
            if str(operator) == "BDC" and _mcid(operands) in orphans:
                operands = [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)]
            instructions.append((operands, operator))
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
        for mcid in orphans:
            mapping[mcid] = None


def _mcid(operands) -> int | None:
    """The MCID of a BDC operator's property list, if it has one."""
    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
        return int(operands[1].MCID)
    return None


def _link_headers(table: pikepdf.Dictionary, number: int) -> list[tuple[pikepdf.String, pikepdf.Dictionary]]:
    """Scope, ID and Headers for one table's cells, from its grid; returns the IDs it gave."""
    rows: list[tuple[str, pikepdf.Dictionary]] = []  # (section, TR)
    for kid in _kids(table):
        if not isinstance(kid, pikepdf.Dictionary):
            continue
        if kid.get("/S") == "/TR":
            rows.append(("/TBody", kid))
        elif kid.get("/S") in ("/THead", "/TBody", "/TFoot"):
            rows += [(str(kid.S), row) for row in _kids(kid) if isinstance(row, pikepdf.Dictionary)]
    grid: dict[tuple[int, int], pikepdf.Dictionary] = {}
    placed: list[tuple[str, int, int, int, int, pikepdf.Dictionary]] = []
    for row_index, (section, row) in enumerate(rows):
        column = 0
        for cell in _kids(row):
            if not isinstance(cell, pikepdf.Dictionary) or cell.get("/S") not in ("/TH", "/TD"):
                continue
            while (row_index, column) in grid:
                column += 1
            attributes = cell.get("/A") or pikepdf.Dictionary(O=pikepdf.Name.Table)
            cell.A = attributes
            rowspan, colspan = int(attributes.get("/RowSpan", 1)), int(attributes.get("/ColSpan", 1))
            for down in range(rowspan):
                for across in range(colspan):
                    grid[(row_index + down, column + across)] = cell
            placed.append((section, row_index, column, rowspan, colspan, cell))
            column += colspan
    given = []
    column_headers: dict[int, list[pikepdf.String]] = {}
    row_headers: dict[int, list[pikepdf.String]] = {}
    for section, row_index, column, rowspan, colspan, cell in placed:
        if cell.S != "/TH":
            continue
        key = pikepdf.String(f"table{number}-r{row_index}-c{column}")
        cell.ID = key
        given.append((key, cell))
        if section == "/THead":
            cell.A.Scope = pikepdf.Name.Column
            for across in range(colspan):
                column_headers.setdefault(column + across, []).append(key)
        else:
            cell.A.Scope = pikepdf.Name.Row
            for down in range(rowspan):
                row_headers.setdefault(row_index + down, []).append(key)
    for section, row_index, column, rowspan, colspan, cell in placed:
        own = cell.get("/ID")
        headers = [key for down in range(rowspan) for key in row_headers.get(row_index + down, []) if key != own]
        headers += [key for across in range(colspan) for key in column_headers.get(column + across, [])]
        if cell.S == "/TH" and section == "/THead":
            continue  # a column header's own headers would be the ones above it: not needed for PDF/UA
        if headers:
            cell.A.Headers = pikepdf.Array(list(dict.fromkeys(headers)))
        elif "/Headers" in cell.A:
            del cell.A.Headers
    return given
