"""Help pages are Markdown on disk and HTML in the Processing dialog."""

from pathlib import Path

from vigie.plugin.help_markup import markdown_to_html

HELP = Path(__file__).resolve().parents[2] / "resources" / "help"


def test_inline_marks_become_tags_and_text_is_escaped():
    out = markdown_to_html("Time **to the nearest** service, see *Road travel time* and `time_min` < 5 min.")
    assert out == (
        "<p>Time <b>to the nearest</b> service, see <i>Road travel time</i> and <code>time_min</code> &lt; 5 min.</p>"
    )


def test_lists_headings_and_paragraphs():
    out = markdown_to_html("# Title\n\nFirst line\ncontinued.\n\n- one\n- two\n  wrapped\n\n1. first\n2. second\n")
    assert out.splitlines() == [
        "<h2>Title</h2>",
        "<p>First line continued.</p>",
        "<ul>",
        "<li>one</li>",
        "<li>two wrapped</li>",
        "</ul>",
        "<ol>",
        "<li>first</li>",
        "<li>second</li>",
        "</ol>",
    ]


def test_table():
    out = markdown_to_html("| Parameter | Default |\n|---|---|\n| `STEP_MIN` | 1 |\n")
    assert "<th>Parameter</th><th>Default</th>" in out
    assert "<td><code>STEP_MIN</code></td><td>1</td>" in out


def test_every_shipped_help_page_converts_without_markdown_left():
    pages = sorted(HELP.glob("*/*.md"))
    assert len(pages) >= 2 * 16
    for page in pages:
        out = markdown_to_html(page.read_text(encoding="utf-8"))
        assert "**" not in out, page
        assert "`" not in out, page
