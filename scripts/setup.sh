#!/usr/bin/env bash
# Prépare une machine Debian neuve avec Python 3.11 : environnement virtuel .venv et
# dépendances du projet. Idempotent : relancer ne réinstalle que ce qui manque.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[web,dev,grammar]"
# axe-core (accessibility checks in the browser tests), pinned by package-lock.json
if [ -f package-lock.json ]; then
  if command -v npm >/dev/null 2>&1; then
    [ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --silent
  else
    echo "npm absent : les tests d'accessibilité (axe-core) seront ignorés." >&2
  fi
fi
