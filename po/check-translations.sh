#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Fails while a language in po/LINGUAS lacks a translation of any current source string.
#
# The template is extracted afresh from the files in POTFILES.in (not read from a committed
# .pot), and each <lang>.po is merged with it in a temporary directory, so a new source string
# is caught even when nobody ran `ninja closure-desk-update-po`. Then:
#  - <lang>.po itself must pass `msgfmt --check` (syntax, header, format strings);
#  - msgids in the sources but absent from <lang>.po are listed;
#  - the merged catalogue must have no untranslated and no fuzzy message.
# Exit 77 (meson: skipped) when the gettext tools are not installed.
# Usage: check-translations.sh [SOURCE_ROOT]   (default: the directory above this script)
set -euo pipefail
export LC_ALL=C.UTF-8

srcroot=${1:-"$(dirname "$0")/.."}
cd "$srcroot" || { echo "check-translations: cannot enter $srcroot" >&2; exit 1; }
package=closure-desk

for tool in xgettext msgmerge msgfmt msgattrib msgcomm msgcat; do
  if ! command -v "$tool" >/dev/null; then
    echo "check-translations: $tool not found (install gettext); skipping"
    exit 77
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cd-check-translations.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

mapfile -t files < <(sed -e 's/[[:space:]]*#.*$//' -e 's/[[:space:]]*$//' -e '/^$/d' po/POTFILES.in)
c_files=() its_files=()
for f in "${files[@]}"; do
  if [[ ! -f $f ]]; then
    echo "check-translations: po/POTFILES.in lists '$f', which does not exist (see check-potfiles)" >&2
    exit 1
  fi
  case $f in
    *.c | *.h) c_files+=("$f") ;;
    # .desktop.in by extension; .ui, .metainfo.xml.in and .gschema.xml through the ITS
    # locating rules (GTK 4's gtk4builder.its for .ui, as meson's pot target does: the older
    # --language=Glade would fall back to gettext's own GTK 3 rules).
    *)         its_files+=("$f") ;;
  esac
done

# Same keywords and flags as meson's i18n.gettext(preset: 'glib'); the c-format flags let
# `msgfmt --check` compare the printf directives of msgid and msgstr.
pot=$tmp/$package.pot
common=(--package-name="$package" --from-code=UTF-8 --add-comments=Translators
        --force-po --output="$pot")
xgettext "${common[@]}" --language=C \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
  --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
  --flag=_:1:pass-c-format --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format \
  --flag=NC_:2:pass-c-format --flag=g_dngettext:2:pass-c-format \
  --flag=g_dngettext:3:pass-c-format --flag=g_strdup_printf:1:c-format \
  --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
  --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
  --flag=g_printerr:1:c-format --flag=g_print:1:c-format \
  /dev/null ${c_files[@]+"${c_files[@]}"}
if (( ${#its_files[@]} )); then
  xgettext "${common[@]}" --join-existing "${its_files[@]}"
fi

# Print "msgctxt/msgid" lines of a catalogue, header excluded, one message per line.
list_msgids() {
  msgcat --no-wrap --no-location --sort-output "$1" |
    grep -E '^(msgctxt|msgid) ' | grep -vx 'msgid ""' | sed 's/^/    /' || true
}

n_source=$(msgcat --no-wrap "$pot" | grep -c '^msgid ' || true)
n_source=$((n_source > 0 ? n_source - 1 : 0))
echo "check-translations: $n_source messages in the sources (${#files[@]} files)"

mapfile -t langs < <(sed -e 's/#.*//' po/LINGUAS | tr -s '[:space:]' '\n' | sed '/^$/d')
if (( ${#langs[@]} == 0 )); then
  echo "check-translations: po/LINGUAS lists no language" >&2
  exit 1
fi

status=0
for lang in "${langs[@]}"; do
  po=po/$lang.po
  if [[ ! -f $po ]]; then
    echo "check-translations: po/LINGUAS lists $lang but $po does not exist" >&2
    status=1
    continue
  fi
  if ! msgfmt --check -o /dev/null "$po"; then
    echo "check-translations: $po does not compile (msgfmt --check above)" >&2
    status=1
    continue
  fi

  # Source messages that $po does not have at all (obsolete #~ entries do not count).
  msgattrib --no-obsolete --force-po -o "$tmp/$lang.active.po" "$po"
  msgcomm --less-than=2 --force-po -o "$tmp/$lang.unique.po" "$pot" "$tmp/$lang.active.po"
  msgcomm --more-than=1 --force-po -o "$tmp/$lang.absent.po" "$pot" "$tmp/$lang.unique.po"
  absent=$(list_msgids "$tmp/$lang.absent.po")

  msgmerge --quiet --previous -o "$tmp/$lang.po" "$po" "$pot"
  stats=$(msgfmt --check --statistics -o /dev/null "$tmp/$lang.po" 2>&1) || {
    echo "$stats" >&2
    echo "check-translations: $po merged with the sources does not compile" >&2
    status=1
    continue
  }
  msgattrib --untranslated --no-obsolete --force-po -o "$tmp/$lang.untranslated.po" "$tmp/$lang.po"
  msgattrib --only-fuzzy --no-obsolete --force-po -o "$tmp/$lang.fuzzy.po" "$tmp/$lang.po"
  untranslated=$(list_msgids "$tmp/$lang.untranslated.po")
  fuzzy=$(list_msgids "$tmp/$lang.fuzzy.po")
  echo "check-translations: $lang: $stats"

  if [[ -n $absent ]]; then
    echo "check-translations: $po lacks these source strings (run: ninja -C _build $package-update-po):" >&2
    echo "$absent" >&2
    status=1
  fi
  if [[ -n $untranslated ]]; then
    echo "check-translations: $lang: untranslated:" >&2
    echo "$untranslated" >&2
    status=1
  fi
  if [[ -n $fuzzy ]]; then
    echo "check-translations: $lang: fuzzy (check the translation and remove the fuzzy flag):" >&2
    echo "$fuzzy" >&2
    status=1
  fi
done

(( status == 0 )) && echo "check-translations: all languages complete"
exit $status
