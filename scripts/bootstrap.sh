#!/usr/bin/env bash
# Install what the portal needs on a fresh Debian machine with Python 3.11: Debian packages
# (PDF fonts and shaping, Chromium for browser tests, pdftoppm) and a virtual environment
# from requirements.txt. Safe to run again: it only installs what is missing or changed.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core  # WeasyPrint
  fontconfig                                                               # fc-match finds DejaVu for the PDF font cut
  python3.11 python3.11-venv                                               # the interpreter (below)
  chromium chromium-driver chromium-l10n                                   # browser tests (l10n: Russian date/file inputs)
  poppler-utils                                                            # pdftoppm/pdftotext
)

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> Installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # A fresh machine often runs unattended-upgrades at boot: wait for its lock instead of failing.
  APT_WAIT=(-o DPkg::Lock::Timeout=300)
  $SUDO apt-get "${APT_WAIT[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get "${APT_WAIT[@]}" install -y -qq --no-install-recommends "${missing[@]}"
fi

# Debian's python3.11, not the first python3.11 on PATH: Debian builds it with profile-guided and
# link-time optimisation and links libpython into the binary, while the pyenv build these machines
# put first on PATH has neither. The same WeasyPrint render takes ~20% less time on Debian's
# (bench/pdf.py), and everything else in the portal is pure Python too. PYTHON=... overrides.
PYTHON="${PYTHON:-/usr/bin/python3.11}"
command -v "$PYTHON" >/dev/null || PYTHON=python3.11
command -v "$PYTHON" >/dev/null || PYTHON=python3
base_prefix() { "$1" -c 'import sys; print(sys.base_prefix)' 2>/dev/null || true; }
if [ -x .venv/bin/python ] && [ "$(base_prefix .venv/bin/python)" != "$(base_prefix "$PYTHON")" ]; then
  echo "==> Rebuilding .venv on $PYTHON (it was made from $(base_prefix .venv/bin/python))"
  rm -rf .venv
fi
if [ ! -x .venv/bin/python ]; then
  echo "==> Creating the virtual environment (.venv) with $PYTHON"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.requirements.sha256
wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "==> Installing Python packages from requirements.txt"
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
  echo "$wanted" > "$stamp"
fi
mkdir -p instance
