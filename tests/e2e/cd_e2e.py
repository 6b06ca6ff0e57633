#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""What every end-to-end test of Closure Desk needs, in one place.

The real app is started in a private HOME / XDG dirs, found on the
accessibility bus (AT-SPI) by its process id, and driven with dogtail the
way a screen-reader user drives it: every control is found by its accessible
role and name, never by position.  Every wait polls with a timeout; the app
is killed whatever happens (see App.__exit__ and the atexit hook).
"""

import atexit
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

try:
    from dogtail.config import config
except ImportError:
    # Where dogtail is not installed (the Flatpak SDK's run-tests): skip.
    print("skip: dogtail (python3-dogtail) is not installed", file=sys.stderr)
    sys.exit(77)

config.checkForA11y = False
config.logDebugToFile = False
config.logDebugToStdOut = False
config.searchBackoffDuration = 0.1
config.searchCutoffCount = 1
config.actionDelay = 0.05
config.typingDelay = 0.02
config.defaultDelay = 0.1

import pyatspi  # noqa: E402
from dogtail import tree  # noqa: E402
from gi.repository import GLib  # noqa: E402

# meson runs tests with G_DEBUG=fatal-warnings, which is right for the app
# (it gets it too) but not for this driver: libatspi warns now and then
# ("AT-SPI: Error in GetItems … /org/a11y/atspi/cache": GTK 4.8 has no
# cache object) and that must not kill the test.
GLib.log_set_always_fatal(GLib.LogLevelFlags.LEVEL_ERROR)
for _domain in ("dbind", "atspi", "GLib", "GLib-GObject"):
    GLib.log_set_fatal_mask(_domain, GLib.LogLevelFlags.LEVEL_ERROR)

DEFAULT_TIMEOUT = 15.0
POLL = 0.2

_started = time.monotonic()


class E2EFailure(Exception):
    """A step did not give what a user would see."""


def step(message):
    """Prints one progress line ("step: scan — 12 assets")."""
    print("step: %s  [%.1fs]" % (message, time.monotonic() - _started), flush=True)


def fail(message):
    raise E2EFailure(message)


def wait_for(condition, what, timeout=DEFAULT_TIMEOUT):
    """Polls @condition (a callable) until it returns something true, and
    returns that; raises E2EFailure naming @what after @timeout seconds.
    AT-SPI errors while the tree changes count as "not yet"."""
    deadline = time.monotonic() + timeout
    last_error = None
    while True:
        try:
            result = condition()
            if result:
                return result
        except (LookupError, RuntimeError, AttributeError, ValueError) as e:
            last_error = e
        except Exception as e:  # GLib.GError from pyatspi while nodes go away
            if type(e).__name__ != "GError":
                raise
            last_error = e
        for app in _apps:
            if app.proc is not None and app.proc.poll() is not None:
                fail("the app exited (status %d) while waiting for %s:\n%s"
                     % (app.proc.returncode, what, app.log()))
        if time.monotonic() > deadline:
            extra = " (last error: %s)" % last_error if last_error else ""
            fail("timed out after %.0fs waiting for %s%s" % (timeout, what, extra))
        time.sleep(POLL)


# ---------------------------------------------------------------- the tree

def role(node):
    try:
        return node.roleName
    except Exception:
        return ""


def name(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def is_showing(node):
    """For a top-level: whether it is on screen.  (GTK 4.8 sets SHOWING on
    top-levels only; below them use walk(), which leaves out hidden stack
    pages.)"""
    try:
        states = node.getState()
        return (states.contains(pyatspi.STATE_SHOWING)
                and states.contains(pyatspi.STATE_VISIBLE))
    except Exception:
        return False


def is_sensitive(node):
    try:
        return node.getState().contains(pyatspi.STATE_SENSITIVE)
    except Exception:
        return False


def is_checked(node):
    try:
        states = node.getState()
        return (states.contains(pyatspi.STATE_CHECKED)
                or states.contains(pyatspi.STATE_PRESSED))
    except Exception:
        return False


def extents(node):
    """(x, y, width, height) in window coordinates.  A node without a
    Component (a GtkStackPage) has the extents of its child."""
    try:
        component = node.queryComponent()
    except NotImplementedError:
        kids = _children(node)
        return extents(kids[0]) if len(kids) == 1 else (0, 0, 0, 0)
    except Exception:
        return (0, 0, 0, 0)
    try:
        x = component.getExtents(pyatspi.WINDOW_COORDS)
        return (x.x, x.y, x.width, x.height)
    except Exception:
        return (0, 0, 0, 0)


def toplevel(node):
    n = node
    while True:
        try:
            parent = n.parent
        except Exception:
            return n
        if parent is None or role(parent) == "application":
            return n
        n = parent


def _overlap(a, b):
    return (a[0] < b[0] + b[2] and b[0] < a[0] + a[2]
            and a[1] < b[1] + b[3] and b[1] < a[1] + a[3])


def _contains(ext, px, py):
    x, y, w, h = ext
    return w > 0 and h > 0 and x <= px < x + w and y <= py < y + h


class _Picker:
    """Tells which of several overlapping siblings is on screen.  GTK 4.8
    exposes no SHOWING state below a top-level and keeps the old extents of
    a stack page it hides, so ask the window what is at a few points of the
    node (GetAccessibleAtPoint picks the real widget there).  GTK answers
    only with an accessible a client has already seen: when it answers
    nothing, look at the nodes on the way to that point first."""

    POINTS = ((0.5, 0.5), (0.25, 0.25), (0.75, 0.75), (0.25, 0.75), (0.75, 0.25))

    def __init__(self, window):
        self.window = window
        self.component = window.queryComponent()
        self.win = extents(window)
        self.on_screen = set()

    def visible(self, group):
        """The members of @group, a list of (node, extents) that overlap,
        that the window shows somewhere."""
        for node, ext in group:
            if node in self.on_screen:
                continue
            for fx, fy in self.POINTS:
                px = min(max(int(ext[0] + ext[2] * fx), 0), self.win[2] - 1)
                py = min(max(int(ext[1] + ext[3] * fy), 0), self.win[3] - 1)
                if not self._pick(px, py):
                    for other, other_ext in group:
                        if _contains(other_ext, px, py):
                            self._see_path(other, px, py)
                    self._pick(px, py)
                if node in self.on_screen:
                    break
                # Another page of the same stack is what shows there: the
                # other points would say the same.
                if any(other is not node and other_ext == ext and other in self.on_screen
                       for other, other_ext in group):
                    break
        return [node for node, ext in group if node in self.on_screen]

    def _see_path(self, node, px, py, budget=400):
        """Lists the children of the nodes that cover (px, py) below @node."""
        stack = [node]
        while stack and budget > 0:
            for child in _children(stack.pop()):
                budget -= 1
                if _contains(extents(child), px, py) or _is_stack_page(child):
                    stack.append(child)

    def _pick(self, px, py):
        try:
            hit = self.component.getAccessibleAtPoint(px, py, pyatspi.WINDOW_COORDS)
        except Exception:
            return False
        if hit is None:
            return False
        n = hit
        depth = 0
        while n is not None and depth < 100 and n not in self.on_screen:
            self.on_screen.add(n)
            if n == self.window:
                break
            n = _parent(n)
            depth += 1
        return True


_parents = {}


def _parent(node):
    """The parent, remembered: a node keeps its parent for its life."""
    try:
        return _parents[node]
    except KeyError:
        pass
    try:
        parent = node.parent
    except Exception:
        return None
    if len(_parents) > 50000:
        _parents.clear()
    _parents[node] = parent
    return parent


def _children(node):
    try:
        return [c for c in node.children if c is not None]
    except Exception:
        return []


POPUP_ROLES = ("menu", "popup menu", "window", "tool tip")


def _is_stack_page(node):
    """A GtkStackPage has no Component (it is not a widget)."""
    try:
        node.queryComponent()
        return False
    except NotImplementedError:
        return True
    except Exception:
        return False


def is_popup(node):
    """A popover or menu: a surface of its own, in the tree only while open."""
    return role(node) in POPUP_ROLES or name(node) in ("GtkPopover", "GtkPopoverMenu")


def _showing_children(node, picker):
    """@picker None: inside a popover, which has a surface of its own that
    the window cannot pick in; only empty nodes are left out there."""
    children = _children(node)
    if len(children) == 1 and picker is not None and not _is_stack_page(children[0]):
        # An only child overlaps nothing; sparing the extents saves a round
        # trip per node (a never-shown stack page is the one to leave out).
        return children
    kids = []
    for c in children:
        ext = extents(c)
        if ext[2] <= 0 or ext[3] <= 0:
            # Nothing of it is on screen (a stack page never shown, an
            # empty box); popovers and menus have their own surface.
            if not is_popup(c):
                continue
        kids.append((c, ext))
    if picker is None:
        return [c for c, ext in kids]
    overlapping = set()
    for i in range(len(kids)):
        for j in range(i + 1, len(kids)):
            if _overlap(kids[i][1], kids[j][1]):
                overlapping.add(i)
                overlapping.add(j)
    group = [kids[i] for i in sorted(overlapping) if not is_popup(kids[i][0])]
    shown = set(picker.visible(group)) if group else set()
    return [c for i, (c, ext) in enumerate(kids)
            if i not in overlapping or is_popup(c) or c in shown]


def walk(node, showing_only=True, max_depth=80):
    """Yields @node and its descendants (depth first).  With @showing_only,
    what is not on screen (hidden stack pages, zero-sized nodes) is left
    out with everything below it."""
    picker = _Picker(toplevel(node)) if showing_only else None
    stack = [(node, 0, False)]
    while stack:
        current, depth, in_popup = stack.pop()
        yield current
        if depth >= max_depth:
            continue
        in_popup = in_popup or is_popup(current)
        if showing_only:
            children = _showing_children(current, None if in_popup else picker)
        else:
            children = _children(current)
        for child in reversed(children):
            stack.append((child, depth + 1, in_popup))


def plain_name(node):
    """The accessible name as a user hears it: GTK 4.8 names a button with a
    mnemonic "_Save Save" (its label property, then its label's text); this
    gives "Save"."""
    got = name(node).replace("_", "")
    half = len(got) // 2
    if len(got) % 2 == 1 and got[half] == " " and got[:half] == got[half + 1:]:
        return got[:half]
    return got


def _name_matches(node, wanted):
    if wanted is None:
        return True
    got = plain_name(node)
    if isinstance(wanted, re.Pattern):
        return wanted.search(got) is not None
    wanted = wanted.replace("_", "")
    # A button in a row is named "Choose… Location" (its label, then the
    # row's title it is described by).
    return got == wanted or got.startswith(wanted + " ")


def find_all(root, role_name=None, name_=None, showing_only=True):
    roles = None
    if role_name is not None:
        roles = {role_name} if isinstance(role_name, str) else set(role_name)
    found = []
    for node in walk(root, showing_only):
        if roles is not None and role(node) not in roles:
            continue
        if not _name_matches(node, name_):
            continue
        found.append(node)
    return found


def describe(role_name, name_):
    if isinstance(name_, re.Pattern):
        name_ = "/%s/" % name_.pattern
    return "%s %r" % (role_name or "node", name_)


def _has_actions(node):
    try:
        return len(node.actions) > 0
    except Exception:
        return False


def find(root, role_name, name_, timeout=DEFAULT_TIMEOUT, sensitive=False, actionable=False):
    """The first showing node of @role_name named @name_ (a string, compared
    without mnemonic underscores, or a compiled regex) below @root; waits for
    it to appear (and, with @sensitive, to be sensitive; with @actionable, to
    have an action: GTK 4.8 shows a menu button as a shell around the button
    that has them)."""
    def look():
        nodes = find_all(root, role_name, name_)
        if sensitive:
            nodes = [n for n in nodes if is_sensitive(n)]
        if actionable:
            nodes = [n for n in nodes if _has_actions(n)]
        return nodes[0] if nodes else None
    return wait_for(look, describe(role_name, name_), timeout)


def shows_text(root, text):
    """True when a showing node below @root has @text (a string or regex) in
    its name, or its Text contents."""
    for node in walk(root):
        for got in (name(node), _node_text(node)):
            if not got:
                continue
            if isinstance(text, re.Pattern):
                if text.search(got):
                    return got
            elif text in got:
                return got
    return None


def wait_text(root, text, timeout=DEFAULT_TIMEOUT):
    return wait_for(lambda: shows_text(root, text), "the text %r" % (
        text.pattern if isinstance(text, re.Pattern) else text), timeout)


def _node_text(node):
    if role(node) not in ("label", "text", "entry", "password text", "paragraph", "heading",
                          "static", "status bar"):
        return ""
    try:
        t = node.queryText()
        return t.getText(0, t.characterCount)
    except Exception:
        return ""


def label_texts(root):
    """The names of every showing label below @root (what a user reads)."""
    return [name(n) or _node_text(n) for n in find_all(root, "label")]


def act(node, action="click"):
    """Performs the accessible action @action (default "click") of @node;
    falls back to the first action GTK gives ("activate" on some widgets)."""
    try:
        actions = node.actions
    except Exception:
        actions = {}
    if action in actions:
        node.doActionNamed(action)
        return
    for fallback in ("click", "activate", "press", "toggle", "select"):
        if fallback in actions:
            node.doActionNamed(fallback)
            return
    fail("%s has no action %r (has %s)" % (describe(role(node), name(node)), action,
                                            list(actions)))


def click(root, role_name, name_, timeout=DEFAULT_TIMEOUT):
    """Finds a sensitive, showing control by role and name and clicks it."""
    node = find(root, role_name, name_, timeout, sensitive=True, actionable=True)
    act(node)
    return node


def set_text(node, text):
    """Replaces the text of an entry through the EditableText interface (the
    way an on-screen keyboard or a screen reader's edit does), then checks
    that the entry took it."""
    editable = node.queryEditableText()
    editable.setTextContents(text)
    wait_for(lambda: _node_text(node) == text or role(node) == "password text",
             "%s to hold the typed text" % describe(role(node), name(node)), 5)


def fill(root, role_name, name_, text, timeout=DEFAULT_TIMEOUT):
    node = find(root, role_name, name_, timeout)
    set_text(node, text)
    return node


def dump(node, out=None, showing_only=True):
    """Prints the tree below @node, indented (for a person debugging)."""
    out = out or sys.stdout
    picker = _Picker(toplevel(node)) if showing_only else None

    def rec(n, depth):
        try:
            acts = ",".join(k for k in n.actions.keys()
                            if not k.startswith(("clipboard.", "selection.", "link.",
                                                 "menu.popup", "text.")))
        except Exception:
            acts = ""
        text = _node_text(n)
        print("%s%s %r%s%s" % ("  " * depth, role(n), name(n),
                                " text=%r" % text[:60] if text and text != name(n) else "",
                                " [%s]" % acts if acts else ""), file=out)
        kids = _showing_children(n, picker) if showing_only else _children(n)
        for c in kids:
            rec(c, depth + 1)
    rec(node, 0)


# ---------------------------------------------------------------- the app

_apps = []


def _kill_all():
    for app in list(_apps):
        app.kill()


atexit.register(_kill_all)


def _on_signal(signum, frame):
    _kill_all()
    sys.exit(128 + signum)


signal.signal(signal.SIGTERM, _on_signal)


def require_env(*names):
    missing = [n for n in names if not os.environ.get(n)]
    if missing:
        print("not run by meson test: %s unset" % ", ".join(missing), file=sys.stderr)
        sys.exit(77)
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        print("skip: no display (run under xvfb-run dbus-run-session)", file=sys.stderr)
        sys.exit(77)
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        print("skip: no session bus (run under dbus-run-session)", file=sys.stderr)
        sys.exit(77)


class App:
    """The app in its own temp HOME and XDG dirs.  Use as a context manager
    and call start() (after setting cwd if need be): the process is killed on
    the way out, and the temp dir removed — or kept and named on failure."""

    def __init__(self, *args, env=None, keep_dir=False):
        self.tmp = tempfile.mkdtemp(prefix="cd-e2e-")
        self.keep_dir = keep_dir
        self.home = os.path.join(self.tmp, "home")
        self.env = dict(os.environ)
        self.env.update({
            "HOME": self.home,
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local", "share"),
            "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local", "state"),
            "GTK_A11Y": "atspi",
            "NO_AT_BRIDGE": "0",
        })
        self.env.pop("CLOSURE_DESK_PASSPHRASE", None)
        for key in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.makedirs(self.env[key], exist_ok=True)
        # No "Recent" in file choosers: they open in the working folder.
        gtk_dir = os.path.join(self.env["XDG_CONFIG_HOME"], "gtk-4.0")
        os.makedirs(gtk_dir, exist_ok=True)
        with open(os.path.join(gtk_dir, "settings.ini"), "w") as f:
            f.write("[Settings]\ngtk-recent-files-enabled=false\n")
        if env:
            self.env.update(env)
        self.args = list(args)
        self.cwd = self.tmp
        self.proc = None
        self.node = None
        self.log_path = os.path.join(self.tmp, "app.log")

    def path(self, *parts):
        return os.path.join(self.tmp, *parts)

    def start(self, timeout=30):
        app_bin = os.environ["CLOSURE_DESK_APP"]
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([app_bin] + self.args, env=self.env,
                                     stdout=self._log, stderr=subprocess.STDOUT,
                                     cwd=self.cwd, start_new_session=True)
        _apps.append(self)
        pid = self.proc.pid

        def found():
            if self.proc.poll() is not None:
                fail("the app exited with status %d at start-up:\n%s"
                     % (self.proc.returncode, self.log()))
            for child in tree.root.children:
                try:
                    if child is not None and child.get_process_id() == pid:
                        return child
                except Exception:
                    continue
            return None

        self.node = wait_for(found, "the app on the accessibility bus", timeout)
        return self

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-4000:]
        except OSError:
            return ""

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def windows(self):
        """The app's showing top-level windows and dialogs."""
        if not self.alive():
            fail("the app is gone (status %s):\n%s" % (self.proc.returncode, self.log()))
        found = []
        for w in self.node.children:
            if w is None or role(w) not in ("frame", "dialog", "window", "alert",
                                            "file chooser", "filler"):
                continue
            # Dialogs (a file chooser comes as a "filler") often lack SHOWING.
            if is_showing(w) or (name(w) and not name(w).startswith("Gtk")
                                 and extents(w)[2] > 0):
                found.append(w)
        return found

    def window(self, name_, role_name=None, timeout=DEFAULT_TIMEOUT):
        """Waits for the top-level window titled @name_ (string or regex)."""
        def look():
            for w in self.windows():
                if role_name and role(w) != role_name:
                    continue
                if _name_matches(w, name_):
                    return w
            return None
        return wait_for(look, "the window %s" % describe(role_name, name_), timeout)

    def window_gone(self, node, timeout=DEFAULT_TIMEOUT):
        def gone():
            for w in self.windows():
                if w == node:
                    return False
            return True
        wait_for(gone, "the window %r to close" % name(node), timeout)

    def kill(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
            except OSError:
                pass
            try:
                self.proc.wait(3)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)
                except OSError:
                    pass
                self.proc.wait(3)
        if self in _apps:
            _apps.remove(self)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        self.kill()
        if hasattr(self, "_log"):
            self._log.close()
        if exc_type is not None and exc_type is not SystemExit:
            print("app log (tail):\n%s" % self.log(), file=sys.stderr)
        if not self.keep_dir and exc_type is None:
            shutil.rmtree(self.tmp, ignore_errors=True)
        elif exc_type is not None:
            print("kept temp dir for inspection: %s" % self.tmp, file=sys.stderr)
        return False


def cli(*args, passphrase=None, check=True, env=None, timeout=120):
    """Runs closure-desk-cli; returns the CompletedProcess (text)."""
    e = dict(os.environ)
    if passphrase is not None:
        e["CLOSURE_DESK_PASSPHRASE"] = passphrase
    if env:
        e.update(env)
    r = subprocess.run([os.environ["CLOSURE_DESK_CLI"]] + list(args), env=e,
                       stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=timeout)
    if check and r.returncode != 0:
        fail("closure-desk-cli %s exited %d:\n%s%s" % (" ".join(args), r.returncode,
                                                       r.stdout, r.stderr))
    return r


def main(run):
    """Runs @run() and turns failures into a message and a non-zero exit."""
    try:
        run()
    except E2EFailure as e:
        print("FAIL: %s" % e, file=sys.stderr, flush=True)
        _kill_all()
        sys.exit(1)
    except Exception:
        import traceback
        traceback.print_exc()
        _kill_all()
        sys.exit(1)
    _kill_all()
    print("ok (%.1fs)" % (time.monotonic() - _started), flush=True)
