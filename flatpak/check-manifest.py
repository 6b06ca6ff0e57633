#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Check the Flatpak manifest against the packaging rules (STYLE-RULES 55), offline.

Usage: check-manifest.py MANIFEST.json [APP_ID]

Checks: the app id (matching APP_ID and the file name), the command, runtime/sdk and
runtime-version; finish-args limited to ipc, wayland, fallback-x11, dri and the one folder of cases (in
particular no --share=network and no --filesystem=host/home: other files go through portals); the cleanup list;
every archive/file source pinned by url + 64-hex sha256, every git source by commit; the last
module is closure-desk, built with meson from the source tree with run-tests.
Exit status 0 when every check passes, 1 otherwise (each problem printed on its own line).
"""

import json
import os
import re
import sys

EXPECTED_COMMAND = "closure-desk"
# The case file is an SQLite database, which cannot be used through the document portal (no
# POSIX locks, no -wal/-shm files beside it: xdg-desktop-portal issue 1117); cases live in
# Documents/ClosureDesk, the only folder the app reaches without the portal.
CASES_FOLDER = "--filesystem=xdg-documents/ClosureDesk:create"
EXPECTED_FINISH_ARGS = {"--share=ipc", "--socket=wayland", "--socket=fallback-x11", "--device=dri",
                        CASES_FOLDER}
REQUIRED_CLEANUP = {"/include", "/lib/pkgconfig", "/share/man", "*.la", "*.a"}
SHA256_RE = re.compile(r"^[0-9a-f]{64}$")
COMMIT_RE = re.compile(r"^[0-9a-f]{40}([0-9a-f]{24})?$")
PINNED_TYPES = {"archive", "file"}


def check(manifest, path, app_id):
    problems = []

    def bad(msg):
        problems.append(msg)

    if not isinstance(manifest, dict):
        return ["top level is not a JSON object"]

    mid = manifest.get("id", manifest.get("app-id"))
    if not mid:
        bad("no 'id' (or 'app-id')")
    else:
        if app_id and mid != app_id:
            bad(f"id is '{mid}', expected '{app_id}'")
        stem = os.path.basename(path)
        if stem.endswith(".json"):
            stem = stem[: -len(".json")]
        if stem != mid:
            bad(f"file name '{os.path.basename(path)}' does not match id '{mid}'")

    if manifest.get("command") != EXPECTED_COMMAND:
        bad(f"command is {manifest.get('command')!r}, expected '{EXPECTED_COMMAND}'")
    for key in ("runtime", "sdk", "runtime-version"):
        if not isinstance(manifest.get(key), str) or not manifest.get(key):
            bad(f"'{key}' missing")
    if manifest.get("runtime") and manifest.get("sdk"):
        if manifest["runtime"].rsplit(".", 1)[0] != manifest["sdk"].rsplit(".", 1)[0]:
            bad(f"runtime '{manifest['runtime']}' and sdk '{manifest['sdk']}' are not a pair")
    if manifest.get("runtime-version") in ("master", "nightly"):
        bad("runtime-version follows a development branch; pin a stable GNOME runtime")

    finish_args = manifest.get("finish-args", [])
    if not isinstance(finish_args, list):
        bad("'finish-args' is not a list")
        finish_args = []
    for arg in finish_args:
        if arg == "--share=network":
            bad("finish-args has --share=network: Closure Desk must work offline")
        elif re.match(r"^--filesystem=(host|home|~)(-os|-etc)?(:.*)?$", arg):
            bad(f"finish-args has {arg}: files must go through the portals")
        elif arg.startswith("--filesystem=") and arg != CASES_FOLDER:
            bad(f"finish-args has {arg}: no file-system access beyond the portals")
        elif arg not in EXPECTED_FINISH_ARGS:
            bad(f"finish-args has unexpected {arg}")
    for arg in sorted(EXPECTED_FINISH_ARGS - set(finish_args)):
        bad(f"finish-args lacks {arg}")
    if len(finish_args) != len(set(finish_args)):
        bad("finish-args has duplicates")

    cleanup = manifest.get("cleanup", [])
    for entry in sorted(REQUIRED_CLEANUP - set(cleanup if isinstance(cleanup, list) else [])):
        bad(f"cleanup lacks '{entry}'")

    modules = manifest.get("modules")
    if not isinstance(modules, list) or not modules:
        bad("no modules")
        return problems

    def walk(mods, where):
        for i, mod in enumerate(mods):
            if isinstance(mod, str):
                bad(f"{where}module {i} is an external file '{mod}'; keep modules inline so they can be checked")
                continue
            name = mod.get("name")
            if not name:
                bad(f"{where}module {i} has no name")
                name = f"#{i}"
            sources = mod.get("sources", [])
            if not sources:
                bad(f"module '{name}' has no sources")
            for j, src in enumerate(sources):
                label = f"module '{name}' source {j}"
                if isinstance(src, str):
                    bad(f"{label} is an external file '{src}'")
                    continue
                kind = src.get("type")
                if kind in PINNED_TYPES:
                    if not src.get("url") and not src.get("path"):
                        bad(f"{label} ({kind}) has neither url nor path")
                    if src.get("url"):
                        if not src["url"].startswith("https://"):
                            bad(f"{label} url is not https: {src['url']}")
                        sha = src.get("sha256", "")
                        if not SHA256_RE.match(sha):
                            bad(f"{label} ({src['url']}) lacks a 64-hex sha256 (got {sha!r})")
                elif kind == "git":
                    if not COMMIT_RE.match(src.get("commit", "")):
                        bad(f"{label} (git {src.get('url')}) is not pinned by a full commit id")
                    if src.get("branch") and not src.get("commit"):
                        bad(f"{label} follows branch '{src['branch']}'")
                elif kind in ("dir", "patch", "shell", "script", "inline"):
                    pass
                else:
                    bad(f"{label} has unsupported type {kind!r}")
            walk(mod.get("modules", []), f"module '{name}' sub")

    walk(modules, "")

    last = modules[-1]
    if isinstance(last, dict):
        if last.get("name") != "closure-desk":
            bad(f"last module is '{last.get('name')}', expected 'closure-desk'")
        if last.get("buildsystem") != "meson":
            bad("the last module is not built with meson")
        if not last.get("run-tests"):
            bad("the last module does not set run-tests")
        srcs = last.get("sources", [])
        if not any(isinstance(s, dict) and s.get("type") == "dir" and s.get("path") == ".." for s in srcs):
            bad("the last module is not built from the source tree (type dir, path '..')")
    return problems


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 1
    path = argv[1]
    app_id = argv[2] if len(argv) == 3 else None
    try:
        with open(path, encoding="utf-8") as f:
            manifest = json.load(f)
    except (OSError, ValueError) as e:
        print(f"check-manifest: {path}: {e}", file=sys.stderr)
        return 1
    problems = check(manifest, path, app_id)
    for p in problems:
        print(f"check-manifest: {os.path.basename(path)}: {p}", file=sys.stderr)
    if problems:
        print(f"check-manifest: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    n = len(manifest["modules"])
    print(f"check-manifest: {os.path.basename(path)} OK ({n} modules, "
          f"{manifest.get('runtime')}//{manifest.get('runtime-version')})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
