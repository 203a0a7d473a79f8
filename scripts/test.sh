#!/usr/bin/env bash
# Lance toute la suite de tests (y compris les tests lents) après avoir installé ce
# qu'il faut. C'est exactement ce que fait la CI (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup.sh
set +e
.venv/bin/python -m pytest -q "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "Aucun test n'a été exécuté : c'est une erreur." >&2
  exit 1
fi
exit "$code"
