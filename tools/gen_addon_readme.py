"""Write each addon's README.rst from its readme/*.md fragments (OCA layout).

Usage: python3 tools/gen_addon_readme.py   (from the repository root; rewrites README.rst files)
"""

import ast
import pathlib

SECTIONS = [("DESCRIPTION.md", None), ("CONFIGURE.md", "Configuration"), ("USAGE.md", "Usage")]


def render(addon: pathlib.Path) -> str:
    manifest = ast.literal_eval((addon / "__manifest__.py").read_text())
    title = manifest["name"]
    lines = ["=" * len(title), title, "=" * len(title), ""]
    lines += [
        f".. |badge1| image:: https://img.shields.io/badge/license-{manifest['license']}-blue.png",
        "",
        "|badge1|",
        "",
    ]
    for fragment, heading in SECTIONS:
        path = addon / "readme" / fragment
        if not path.exists():
            continue
        if heading:
            lines += [heading, "=" * len(heading), ""]
        lines += [path.read_text().strip(), ""]
    lines += ["Authors", "=======", "", f"* {manifest['author']}", ""]
    return "\n".join(lines)


def main():
    root = pathlib.Path(__file__).resolve().parent.parent
    for manifest in sorted(root.glob("*/__manifest__.py")):
        addon = manifest.parent
        (addon / "README.rst").write_text(render(addon))
        print(f"wrote {addon.name}/README.rst")


if __name__ == "__main__":
    main()
