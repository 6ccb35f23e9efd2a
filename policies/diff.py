"""A readable diff of two published versions: block by block (headings, paragraphs, list items,
table rows), so a citizen sees which statements changed."""

import difflib
from html.parser import HTMLParser

BLOCK_TAGS = {"h1", "h2", "h3", "h4", "p", "li", "dt", "dd", "tr", "blockquote", "pre"}


class _BlockExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._depth = 0
        self._parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
            self._depth += 1
        elif tag in {"td", "th"}:
            self._parts.append(" | ")

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()
            self._depth = max(0, self._depth - 1)

    def handle_data(self, data):
        self._parts.append(data)

    def _flush(self):
        text = " ".join("".join(self._parts).split()).strip(" |")
        if text:
            self.blocks.append(text)
        self._parts = []

    def close(self):
        super().close()
        self._flush()


def html_blocks(html: str) -> list[str]:
    parser = _BlockExtractor()
    parser.feed(html)
    parser.close()
    return parser.blocks


def block_diff(old_html: str, new_html: str) -> list[dict]:
    """Rows of {"op": "equal" | "delete" | "insert", "text": ...}, in reading order."""
    old, new = html_blocks(old_html), html_blocks(new_html)
    rows = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            rows.extend({"op": "equal", "text": text} for text in old[i1:i2])
            continue
        rows.extend({"op": "delete", "text": text} for text in old[i1:i2])
        rows.extend({"op": "insert", "text": text} for text in new[j1:j2])
    return rows
