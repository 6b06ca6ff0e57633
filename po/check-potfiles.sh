#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks po/POTFILES.in against the tree (after Papers' .gitlab-ci/check-potfiles.sh):
#  - every entry exists, and the list is sorted (LC_ALL=C) without duplicates;
#  - every file that has translatable strings is listed:
#      src/**/*.c         _( N_( C_( NC_( g_dngettext g_dpgettext2
#      ui/**/*.ui         translatable="yes"
#      data/**/*.desktop.in, *.metainfo.xml.in    always (their names and summaries are)
#      data/**/*.in       translatable="yes", <_tag>, gettext-domain
#      data/**/*.gschema.xml   <summary>/<description> (which also need gettext-domain).
# Usage: check-potfiles.sh [SOURCE_ROOT]   (default: the directory above this script)
set -euo pipefail
export LC_ALL=C

srcroot=${1:-"$(dirname "$0")/.."}
cd "$srcroot" || { echo "check-potfiles: cannot enter $srcroot" >&2; exit 1; }
potfiles=po/POTFILES.in
if [[ ! -f $potfiles ]]; then
  echo "check-potfiles: $srcroot/$potfiles not found" >&2
  exit 1
fi

status=0
fail() { echo "check-potfiles: $*" >&2; status=1; }

# Entries: no comments, no blank lines, no trailing blanks.
mapfile -t listed < <(sed -e 's/[[:space:]]*#.*$//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles")

for f in "${listed[@]}"; do
  [[ -f $f ]] || fail "$potfiles lists '$f', which does not exist"
done

if ! printf '%s\n' "${listed[@]}" | sort -c -u 2>/dev/null; then
  fail "$potfiles is not sorted or has duplicates; expected order:"
  printf '%s\n' "${listed[@]}" | sort -u | sed 's/^/    /' >&2
fi

is_listed() {
  local x
  for x in "${listed[@]}"; do [[ $x == "$1" ]] && return 0; done
  return 1
}

c_re='(^|[^[:alnum:]_])(_|N_|C_|NC_|Q_|g_dngettext|g_dpgettext2)[[:space:]]*\('
ui_re='translatable="(yes|true|1)"'
in_re='translatable="(yes|true|1)"|<_[[:alpha:]]|gettext-domain'

need=()
while IFS= read -r -d '' f; do
  f=${f#./}
  case $f in
    src/*.c)                 grep -Eq "$c_re" "$f" && need+=("$f") ;;
    ui/*.ui)                 grep -Eq "$ui_re" "$f" && need+=("$f") ;;
    data/*.desktop.in | data/*.metainfo.xml.in | data/*.appdata.xml.in)
                             need+=("$f") ;;
    data/*.gschema.xml)
      if grep -Eq '<(summary|description)>' "$f"; then
        need+=("$f")
        grep -q 'gettext-domain=' "$f" ||
          fail "$f has summaries but no gettext-domain attribute, so they are never translated"
      fi ;;
    data/*.in)               grep -Eq "$in_re" "$f" && need+=("$f") ;;
  esac
done < <(find src ui data \( -name '*.c' -o -name '*.ui' -o -name '*.in' -o -name '*.gschema.xml' \) \
           -type f -print0 2>/dev/null)

missing=()
for f in "${need[@]}"; do
  is_listed "$f" || missing+=("$f")
done
if (( ${#missing[@]} )); then
  fail "these files have translatable strings but are not in $potfiles:"
  printf '%s\n' "${missing[@]}" | sort | sed 's/^/    /' >&2
fi

if (( status == 0 )); then
  echo "check-potfiles: $potfiles OK (${#listed[@]} files, ${#need[@]} with translatable strings found)"
fi
exit $status
