"""Write each addon's README.md and static/description/index.html from its readme/*.md
fragments (OCA's layout: DESCRIPTION, CONFIGURE, USAGE).

The page Odoo shows in Apps is rendered by Python-Markdown (PyPI ``markdown``, with its
``tables`` and ``fenced_code`` extensions); README.md is the fragments put together under
their headings, which whool ships as the distribution's long description.

    python3 tools/gen_addon_readme.py           rewrite the generated files
    python3 tools/gen_addon_readme.py --check   exit 1 if one is out of date (static tier)
"""

import argparse
import ast
import pathlib
import re
import sys

import markdown

REPO_ROOT = pathlib.Path(__file__).resolve().parent.parent
SECTIONS = [("DESCRIPTION.md", None), ("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage")]
EXTENSIONS = ["tables", "fenced_code"]


def readme_markdown(addon):
    """The addon's README.md: title, licence, each fragment under its heading, authors."""
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text(encoding="utf-8"))
    parts = [f"# {manifest['name']}", f"*License: {manifest['license']}*"]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8").strip()
        if heading:
            # the fragment's own headings go one level below the section's
            text = re.sub(r"(?m)^(#+) ", r"#\1 ", text)
            parts.append(f"## {heading}")
        parts.append(text)
    parts += ["## Authors", f"- {manifest['author']}"]
    return "\n\n".join(parts) + "\n"


def description_html(readme):
    """The Apps page: the README without its title (Odoo shows the module name above it)."""
    body = readme.split("\n", 1)[1]
    html = markdown.markdown(body, extensions=EXTENSIONS, output_format="html")
    return f'<div class="document">\n{html}\n</div>\n'


def generated_files(addon):
    readme = readme_markdown(addon)
    return {
        addon / "README.md": readme,
        addon / "static" / "description" / "index.html": description_html(readme),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    stale = []
    for manifest in sorted(REPO_ROOT.glob("*/__manifest__.py")):
        for path, text in generated_files(manifest.parent).items():
            current = path.read_text(encoding="utf-8") if path.exists() else None
            if current == text:
                continue
            stale.append(path.relative_to(REPO_ROOT))
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    verb = "out of date (python3 tools/gen_addon_readme.py)" if args.check else "written"
    for path in stale:
        print(f"{path}: {verb}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
