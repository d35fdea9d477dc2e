"""Installs each repo-root addon as ``odoo.addons.<name>`` (``pip install .``).

Metadata and the dependency on OCA ``mgmtsystem_action`` are in setup.cfg; this file only
maps the addon folders, which are discovered (a folder with ``__manifest__.py``), so a new
subpackage or data file needs no edit here. Odoo itself is not declared: it is installed
from its own tree.
"""

import os

from setuptools import setup

HERE = os.path.dirname(os.path.abspath(__file__))
SKIP = {"__pycache__", ".git", "node_modules"}


def addons():
    return sorted(
        name
        for name in os.listdir(HERE)
        if os.path.isfile(os.path.join(HERE, name, "__manifest__.py"))
    )


def addon_layout(name):
    """Packages and package data of one addon: every folder holding an __init__.py is a
    package; every other file (xml, csv, po, pot, png, svg, js, scss, css, md, txt, ...)
    ships as data of the addon package."""
    packages, data = [], []
    root = os.path.join(HERE, name)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP)
        rel = os.path.relpath(dirpath, root)
        if "__init__.py" in filenames:
            parts = [] if rel == "." else rel.split(os.sep)
            packages.append(".".join(["odoo", "addons", name, *parts]))
        for filename in filenames:
            if filename.endswith((".py", ".pyc")):
                continue
            data.append(os.path.normpath(os.path.join(rel, filename)))
    return packages, data


PACKAGES, PACKAGE_DIR, PACKAGE_DATA = [], {}, {}
for _name in addons():
    _packages, _data = addon_layout(_name)
    PACKAGES += _packages
    PACKAGE_DIR[f"odoo.addons.{_name}"] = _name
    PACKAGE_DATA[f"odoo.addons.{_name}"] = _data

setup(packages=PACKAGES, package_dir=PACKAGE_DIR, package_data=PACKAGE_DATA)
