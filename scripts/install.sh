#!/usr/bin/env bash
# Installs approval-tui for this user: a release build with the Swift runtime and Foundation
# linked in (it runs where Swift is not installed), stripped, with its themes, shell completions
# (bash, zsh, fish) and man page, under PREFIX (default ~/.local).
#
#   scripts/install.sh [--prefix DIR] [--scratch-path DIR]   # build and install
#   scripts/install.sh --uninstall [--prefix DIR]            # remove what install put there
#
# Needs, besides Swift: libncursesw5-dev libsqlite3-dev libcurl4-openssl-dev pkg-config.
set -euo pipefail
cd "$(dirname "$0")/.."

prefix="${HOME:?HOME is not set}/.local"
scratch=""
action=install
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="${2:?--prefix needs a directory}"; shift 2 ;;
    --scratch-path) scratch="${2:?--scratch-path needs a directory}"; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    -h|--help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac

installed=(
  "bin/approval-tui"
  "share/approval-tui/themes"
  "share/bash-completion/completions/approval-tui"
  "share/zsh/site-functions/_approval-tui"
  "share/fish/vendor_completions.d/approval-tui.fish"
  "share/man/man1/approval-tui.1"
)

if [ "$action" = uninstall ]; then
  for path in "${installed[@]}"; do
    if [ -e "$prefix/$path" ]; then rm -rf -- "${prefix:?}/$path"; echo "removed $prefix/$path"; fi
  done
  rmdir -- "$prefix/share/approval-tui" 2>/dev/null || true
  exit 0
fi

flags=(-c release --static-swift-stdlib --product approval-tui)
if [ -n "$scratch" ]; then flags+=(--scratch-path "$scratch"); fi
swift build "${flags[@]}"
built="$(swift build "${flags[@]}" --show-bin-path)/approval-tui"

install -d "$prefix/bin" "$prefix/share/approval-tui" "$prefix/share/bash-completion/completions" \
  "$prefix/share/zsh/site-functions" "$prefix/share/fish/vendor_completions.d" "$prefix/share/man/man1"
install -m 0755 "$built" "$prefix/bin/approval-tui.new"
strip "$prefix/bin/approval-tui.new"
mv -f "$prefix/bin/approval-tui.new" "$prefix/bin/approval-tui"
rm -rf -- "$prefix/share/approval-tui/themes"
cp -R themes "$prefix/share/approval-tui/themes"
for shell in bash zsh fish; do
  case "$shell" in
    bash) target="$prefix/share/bash-completion/completions/approval-tui" ;;
    zsh) target="$prefix/share/zsh/site-functions/_approval-tui" ;;
    fish) target="$prefix/share/fish/vendor_completions.d/approval-tui.fish" ;;
  esac
  "$prefix/bin/approval-tui" --generate-completion-script "$shell" > "$target"
done
install -m 0644 docs/approval-tui.1 "$prefix/share/man/man1/approval-tui.1"

echo "installed approval-tui $("$prefix/bin/approval-tui" --version) in $prefix/bin ($(du -h "$prefix/bin/approval-tui" | cut -f1))"
case ":$PATH:" in *":$prefix/bin:"*) ;; *) echo "note: $prefix/bin is not on your PATH" ;; esac
