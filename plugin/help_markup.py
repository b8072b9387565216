"""The small Markdown subset of resources/help/*.md turned into the HTML the Processing dialog shows.

Help files stay readable Markdown on GitHub (helpUrl points there); the algorithm dialog renders
Qt rich text, where raw ``**`` and backticks would show. No qgis import: tested in plain Python.
"""

import html
import re

_INLINE = (
    (re.compile(r"`([^`]+)`"), r"<code>\1</code>"),
    (re.compile(r"\*\*([^*]+)\*\*"), r"<b>\1</b>"),
    (re.compile(r"(?<![\w*])\*([^*\s][^*]*)\*(?![\w*])"), r"<i>\1</i>"),
    (re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)"), r'<a href="\2">\1</a>'),
)
_BULLET = re.compile(r"^\s*[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_HEADING = re.compile(r"^(#{1,4})\s+(.*)$")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")


def _inline(text):
    text = html.escape(text, quote=False)
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text


def _cells(line):
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def markdown_to_html(text: str) -> str:
    """HTML for headings, paragraphs, bullet and numbered lists, simple tables, bold, italic, code, links."""
    out, paragraph, list_tag, table = [], [], None, []

    def flush_paragraph():
        if paragraph:
            out.append(f"<p>{_inline(' '.join(paragraph))}</p>")
            paragraph.clear()

    def close_list():
        nonlocal list_tag
        if list_tag:
            out.append(f"</{list_tag}>")
            list_tag = None

    def flush_table():
        if table:
            rows = [_cells(line) for line in table if not _TABLE_RULE.match(line.strip())]
            head, body = rows[0], rows[1:]
            cells = "".join(f"<th>{_inline(c)}</th>" for c in head)
            lines = [f"<table border='0' cellspacing='0' cellpadding='3'><tr>{cells}</tr>"]
            lines += ["<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>" for row in body]
            out.append("".join(lines) + "</table>")
            table.clear()

    for raw in text.splitlines():
        line = raw.rstrip()
        if line.lstrip().startswith("|"):
            flush_paragraph()
            close_list()
            table.append(line)
            continue
        flush_table()
        heading, bullet, numbered = _HEADING.match(line), _BULLET.match(line), _NUMBERED.match(line)
        if not line.strip():
            flush_paragraph()
            close_list()
        elif heading:
            flush_paragraph()
            close_list()
            level = min(len(heading.group(1)) + 1, 4)
            out.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif bullet or numbered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag != tag:
                close_list()
                out.append(f"<{tag}>")
                list_tag = tag
            out.append(f"<li>{_inline((bullet or numbered).group(1))}</li>")
        elif list_tag and raw.startswith((" ", "\t")):
            out[-1] = out[-1][: -len("</li>")] + " " + _inline(line.strip()) + "</li>"
        else:
            close_list()
            paragraph.append(line.strip())
    flush_paragraph()
    close_list()
    flush_table()
    return "\n".join(out)
