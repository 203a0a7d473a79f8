#!/usr/bin/env bash
# System packages the full test suite needs (Debian 12): LibreOffice (opens every .docx
# we write), Chromium (browser tests), PostgreSQL (database tests), Grammalecte (French
# grammar checker, an optional external tool), poppler (PDF to PNG for screenshots), npm
# (axe-core, the accessibility checker the browser tests inject).
# Installs only what is missing; needs root (CI runs as root). Without root, it says what
# is missing and the tests that need it skip with a clear reason.
set -euo pipefail
PKGS=(libreoffice-writer-nogui chromium postgresql grammalecte-cli python3-grammalecte
      poppler-utils fonts-dejavu-core)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm: any installed Node.js with npm will do (Debian's npm conflicts with other Node builds)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Paquets système absents (tests concernés ignorés) : ${missing[*]}" >&2
  echo "Installez-les avec : sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
