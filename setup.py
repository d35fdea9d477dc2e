"""The repository as one installable set: ``pip install .`` installs each addon's own
distribution, ``odoo-addon-<name>``, built by whool from the addon's folder (its
``pyproject.toml``; ``pip install ./lab_customer_service`` installs one addon alone).

This file only lists the addons, discovered (a folder with ``__manifest__.py``), as local
requirements; everything an addon ships and depends on comes from its manifest.
"""

import pathlib

from setuptools import setup

HERE = pathlib.Path(__file__).resolve().parent
ADDONS = sorted(p.parent for p in HERE.glob("*/__manifest__.py"))

setup(
    install_requires=[f"odoo-addon-{addon.name} @ {addon.as_uri()}" for addon in ADDONS],
    packages=[],
)
