"""Bindings in the UI's language.

Binding descriptions are class attributes, fixed when the module is imported,
but the language is chosen at start-up (and tests switch it). So classes
declare English msgids and each instance translates its own copy on creation.
"""

from __future__ import annotations

from dataclasses import replace

from textual.dom import DOMNode

from notice_tui.i18n import _


def localize_bindings(node: DOMNode) -> None:
    # _bindings is the node's own BindingsMap (merged from the class hierarchy
    # in DOMNode.__init__); replacing its entries touches no other instance.
    table = node._bindings.key_to_bindings
    for key, bindings in table.items():
        table[key] = [
            replace(
                b,
                description=_(b.description) if b.description else b.description,
                tooltip=_(b.tooltip) if b.tooltip else b.tooltip,
            )
            for b in bindings
        ]
