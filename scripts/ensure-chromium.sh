#!/usr/bin/env bash
# The browser suites (test/browser) drive Debian's Chromium with playwright-core; Chinese text
# needs a CJK font (fonts-noto-cjk) or screenshots show empty boxes. Installs both with apt-get
# when either is missing (root, or sudo without a password); quick when both are there. Nothing
# downloads a browser build: the package manager's Chromium is the one tested. Fails loudly when
# they cannot be installed: the browser suites are never skipped.
set -euo pipefail
chromium="${LEDGER_CHROMIUM:-/usr/bin/chromium}"

have_chromium() { [ -x "$chromium" ] && "$chromium" --version >/dev/null 2>&1; }
have_cjk_font() { command -v fc-list >/dev/null 2>&1 && fc-list ':lang=zh' family | grep -qi 'noto'; }

if have_chromium && have_cjk_font; then
  echo "chromium: $("$chromium" --version 2>/dev/null | head -n 1); CJK font: present"
  exit 0
fi

if [ "$(id -u)" = 0 ]; then
  run_as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  run_as_root=(sudo -n)
else
  echo "chromium: $chromium or fonts-noto-cjk is missing and this user cannot install packages." >&2
  echo "Install them as root: apt-get install -y chromium fonts-noto-cjk" >&2
  echo "(or set LEDGER_CHROMIUM to a Chromium executable). The browser suites cannot run without." >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium: no apt-get here; install Chromium and a Noto CJK font with this system's package manager" >&2
  echo "and set LEDGER_CHROMIUM to the executable. The browser suites cannot run without." >&2
  exit 1
fi

echo "installing chromium and fonts-noto-cjk (apt-get)..."
export DEBIAN_FRONTEND=noninteractive
if ! "${run_as_root[@]}" apt-get install -y --no-install-recommends chromium fonts-noto-cjk; then
  # A fresh machine has no package lists yet.
  "${run_as_root[@]}" apt-get update
  "${run_as_root[@]}" apt-get install -y --no-install-recommends chromium fonts-noto-cjk
fi
if ! have_chromium; then
  echo "chromium: installed, but $chromium does not run" >&2
  exit 1
fi
if ! have_cjk_font; then
  echo "chromium: fonts-noto-cjk installed, but fontconfig lists no Noto CJK font" >&2
  exit 1
fi
echo "chromium: $("$chromium" --version 2>/dev/null | head -n 1); CJK font: installed"
