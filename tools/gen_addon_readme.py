"""Write each addon's README.rst and static/description/index.html from its readme/*.md
fragments, as OCA's readme generator does.

Usage: python3 tools/gen_addon_readme.py   (from anywhere; rewrites the generated files)

The fragments are Markdown; the subset they use (headings, lists, inline code, bold, links,
fenced code, tables) is converted to reStructuredText, which is checked with docutils: a fragment
that does not convert cleanly stops the script, so Odoo never logs docutils warnings at install.
"""

import ast
import pathlib
import re
import sys

SECTIONS = [("DESCRIPTION.md", None), ("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage")]
HEADING_CHARS = {1: "=", 2: "-", 3: "~", 4: "^"}


def _inline(text):
    text = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"`\1 <\2>`_", text)
    text = re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", text)
    return text


def _table(rows):
    cells = [[c.strip() for c in row.strip().strip("|").split("|")] for row in rows]
    cells = [row for row in cells if not all(re.fullmatch(r":?-+:?", c) for c in row)]
    out = [".. list-table::", "   :header-rows: 1", ""]
    for row in cells:
        out.append("   * - " + _inline(row[0]))
        out += ["     - " + _inline(c) for c in row[1:]]
    return out + [""]


def md_to_rst(markdown, level_offset=0):
    out, lines, i = [], markdown.splitlines(), 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^```(\w*)", line)
        if fence:
            out += [f".. code-block:: {fence.group(1) or 'text'}", ""]
            i += 1
            while i < len(lines) and not lines[i].startswith("```"):
                out.append("   " + lines[i] if lines[i] else "")
                i += 1
            out.append("")
        elif line.startswith("|"):
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(lines[i])
                i += 1
            out += _table(rows)
            continue
        elif re.match(r"^#+ ", line):
            hashes, title = line.split(" ", 1)
            title = _inline(title.strip())
            char = HEADING_CHARS[min(len(hashes) + level_offset, 4)]
            out += [title, char * len(title), ""]
        else:
            out.append(_inline(line))
        i += 1
    text = "\n".join(out)
    # A list needs a blank line before it in reStructuredText.
    return re.sub(r"([^\n])\n(- )", r"\1\n\n\2", text, count=0)


def render(addon):
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    lines = ["=" * len(title), title, "=" * len(title), ""]
    lines += [f"*License: {manifest['license']}*", ""]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if heading:
            lines += [heading, "=" * len(heading), ""]
        lines += [md_to_rst(path.read_text().strip(), level_offset=1), ""]
    lines += ["Authors", "=======", "", f"* {manifest['author']}", ""]
    return "\n".join(lines)


def to_html(rst, source):
    from docutils.core import publish_parts  # noqa: PLC0415  (only this step needs docutils)

    errors = []

    class Collect:
        def write(self, text):
            errors.append(text)

    parts = publish_parts(
        rst,
        source_path=source,
        writer_name="html",
        settings_overrides={"warning_stream": Collect(), "report_level": 2, "halt_level": 5},
    )
    if errors:
        sys.exit(f"{source}: not valid reStructuredText:\n{''.join(errors)}")
    return f'<div class="document">\n{parts["body"]}\n</div>\n'


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    for manifest in sorted(root.glob("*/__manifest__.py")):
        addon = manifest.parent
        rst = render(addon)
        html = to_html(rst, str(addon / "README.rst"))
        (addon / "README.rst").write_text(rst)
        (addon / "static" / "description").mkdir(parents=True, exist_ok=True)
        (addon / "static" / "description" / "index.html").write_text(html)
        print(f"wrote {addon.name}/README.rst and static/description/index.html")


if __name__ == "__main__":
    main()
