#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every control a screen-reader user can reach has a name: opens the demo
case, visits the six panes and the main dialogs that open from them, walks
the AT-SPI tree of each and fails listing every showing control (button,
toggle, check box, radio, combo, entry, spin button, link, switch,
activatable list row) whose accessible name is empty — or is only GTK's
fallback, the widget's type name ("GtkImage", "GtkMenuButton")."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import cd_e2e as e  # noqa: E402
import pyatspi  # noqa: E402

CONTROLS = {
    "push button", "toggle button", "check box", "radio button", "combo box",
    "entry", "password text", "text", "spin button", "link", "switch",
    "menu item", "check menu item", "radio menu item", "page tab", "slider",
}

# What GTK 4.8 says when a widget has no name: its type name.
TYPE_NAME = re.compile(r"^(Gtk|Adw|Cd)[A-Z][A-Za-z]*$")

# Inside these, controls belong to GTK or libadwaita and the app cannot
# name them: a toast's close button (it carries a tooltip, "Dismiss"), the
# insides of a drop-down (the drop-down itself is checked).
LIBRARY_PARENTS = ("AdwToastWidget",)

# Redaction is visited below, with a document open (its empty state has
# only the Open button and the list of the case's PDFs, checked there too
# before the PDF opens).
PANES = [
    "Data Inventory", "Sensitivity Tagging", "Customer Notices",
    "Retention & Destruction", "Disposal Report",
]

# Dialogs opened from a pane: (pane, tab to show first or None, button that
# opens it, dialog title, button that closes it).
DIALOGS = [
    ("Data Inventory", None, "Add Asset", "New Data Asset", "Cancel"),
    ("Data Inventory", "Customers", "Add Customer", "New Customer", "Cancel"),
    ("Data Inventory", "Assets", "Scan Folder…", "Scan for Personal Data", "Cancel"),
    ("Customer Notices", None, "Edit Template…", re.compile("Template"), "Cancel"),
    ("Retention & Destruction", None, "Add Custodian…", "Add Custodian", "Cancel"),
    ("Retention & Destruction", None, "Create Vault…", "Create Vault", "Cancel"),
    ("Retention & Destruction", None, "Add Record…", re.compile("Record"), "Cancel"),
]

# The Redaction pane with a document open: its toolbar and lists.
REDACT_PDF = "婚宴服务合同-罗志.pdf"


def unnamed(node):
    got = e.name(node).strip()
    return not got or TYPE_NAME.match(got) is not None


def is_activatable_row(node):
    """A row of a GtkListBox a user can focus (the rows of a GtkListView,
    whose list has "list.*" actions, are read by their content)."""
    try:
        if "row.activate" in node.actions:
            return True
        if not node.getState().contains(pyatspi.STATE_FOCUSABLE):
            return False
        parent = node.parent
        return not any(a.startswith("list.") for a in parent.actions.keys())
    except Exception:
        return False


def path_of(node, root):
    """A readable path: the named ancestors, outermost first."""
    parts = []
    n = node
    while n is not None and n != root:
        try:
            n = n.parent
        except Exception:
            break
        if n is not None and e.name(n) and not TYPE_NAME.match(e.name(n)):
            parts.append(e.plain_name(n))
    return " › ".join(reversed(parts[:4]))


def inside(node, names, root):
    n = node
    while n is not None and n != root:
        if e.name(n) in names or e.role(n) == "combo box" and n != node:
            return True
        try:
            n = n.parent
        except Exception:
            return False
    return False


def is_menu_button_shell(node):
    """GTK 4.8 shows a GtkMenuButton as a button (not focusable, no name)
    holding the real toggle button, which is the one that needs a name."""
    try:
        if node.getState().contains(pyatspi.STATE_FOCUSABLE):
            return False
        kids = e._children(node)
    except Exception:
        return False
    return len(kids) == 1 and e.role(kids[0]) in ("push button", "toggle button")


def check(root, where, problems):
    n_controls = 0
    for node in e.walk(root):
        r = e.role(node)
        if r not in CONTROLS and not (r == "list item" and is_activatable_row(node)):
            continue
        n_controls += 1
        if not unnamed(node) or is_menu_button_shell(node):
            continue
        if inside(node, LIBRARY_PARENTS, root):
            continue
        problems.append("%s: %s %r in %s" % (where, r, e.name(node),
                                              path_of(node, root) or "(top)"))
    return n_controls


def run():
    e.require_env("CLOSURE_DESK_APP")
    problems = []
    with e.App("--demo") as app:
        app.start()
        win = app.window("示例餐饮管理有限公司", timeout=60)
        sidebar = e.find(win, "list", "Workflow")
        for pane in PANES:
            e.act(e.find(sidebar, "list item", pane), "row.activate")
            n = check(win, pane, problems)
            e.step("a11y: %s — %d controls" % (pane, n))
        e.act(e.find(sidebar, "list item", "Redaction"), "row.activate")
        pdf_row = e.find(win, "list item", REDACT_PDF, timeout=30)
        n = check(win, "Redaction", problems)
        e.step("a11y: Redaction — %d controls" % n)
        e.act(pdf_row, "row.activate")
        e.wait_text(win, re.compile(r"^\d+ to redact · "), timeout=60)
        n = check(win, "Redaction with %s open" % REDACT_PDF, problems)
        e.step("a11y: Redaction with a PDF open — %d controls" % n)
        for pane, tab, opener, title, closer in DIALOGS:
            e.act(e.find(sidebar, "list item", pane), "row.activate")
            if tab is not None:
                e.click(win, "page tab", tab)
            e.click(win, "push button", opener)
            dialog = app.window(title)
            # Let its rows come (dialogs fill their lists after they map).
            e.wait_for(lambda: e.find_all(dialog, "push button", closer), "%s" % closer)
            n = check(dialog, "%s dialog" % e.name(dialog), problems)
            e.step("a11y: %s dialog — %d controls" % (e.name(dialog), n))
            e.click(dialog, "push button", closer)
            app.window_gone(dialog)
    if problems:
        e.fail("%d controls without an accessible name:\n  %s"
               % (len(problems), "\n  ".join(problems)))


if __name__ == "__main__":
    e.main(run)
