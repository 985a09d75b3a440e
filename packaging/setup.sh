#!/usr/bin/env bash
# Set up survey-app on Debian/Ubuntu and run it:
#   bash packaging/setup.sh app    – install what is missing, open the app on the sample batch
#   bash packaging/setup.sh test   – install what is missing, run linters and the whole test suite
# Safe to run again: it only installs what is missing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SURVEY_APP_VENV:-$ROOT/.venv}"
MODE="${1:-app}"

SYSTEM_PACKAGES=(
  # Qt 6 (xcb and offscreen platforms)
  libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libglib2.0-0 libfontconfig1 libdbus-1-3
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0 libxcb-shape0 libxcb-xkb1
  # a CJK font for the window and the PDFs
  fonts-wqy-microhei
)
TEST_PACKAGES=(poppler-utils zbar-tools xvfb xauth xdotool libreoffice-calc-nogui default-jdk-headless
  postgresql)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "需要管理员权限安装系统软件包 / need root to install: $*" >&2; return 1
  fi
}

install_system_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    say "Not a Debian/Ubuntu system: install Qt 6 runtime libraries and a CJK font yourself"
    return 0
  fi
  local wanted=("${SYSTEM_PACKAGES[@]}") missing=()
  [ "$MODE" = test ] && wanted+=("${TEST_PACKAGES[@]}")
  python3 -m venv --help >/dev/null 2>&1 || wanted+=(python3-venv)
  for pkg in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "Installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

install_python_packages() {
  local python="${PYTHON:-python3}"
  "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    echo "survey-app needs Python 3.11 or newer (found $("$python" --version))" >&2; exit 1; }
  [ -x "$VENV/bin/python" ] || { say "Creating virtual environment $VENV"; "$python" -m venv "$VENV"; }
  local stamp="$VENV/.survey-app-installed"
  local want
  want="$(cat "$ROOT/pyproject.toml" | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ] || ! "$VENV/bin/python" -c 'import survey_app' 2>/dev/null; then
    say "Installing survey-app and its Python packages into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
    "$VENV/bin/python" -m pip install -q -e "$ROOT[test]"
    echo "$want" > "$stamp"
  fi
}

run_app() {
  export PATH="$VENV/bin:$PATH"
  if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    local shot="$ROOT/survey-app-demo.png"
    say "No display found: rendering the app offscreen to $shot instead"
    QT_QPA_PLATFORM=offscreen survey-app gui --demo --screenshot "$shot"
    return
  fi
  say "Opening survey-app on the sample batch"
  exec survey-app gui --demo
}

run_tests() {
  export PATH="$VENV/bin:$PATH" QT_QPA_PLATFORM=offscreen
  cd "$ROOT"
  say "ruff";           ruff check survey_app tests tools && ruff format --check survey_app tests tools
  say "mypy";           mypy survey_app
  say "import-linter";  lint-imports --no-cache
  say "resources";      python tools/build_resources.py --check
  # The whole suite, the bundle build included (plain `pytest` leaves the bundle out), one test
  # process per core: the tests share nothing but the read-only sample forms. The longest start
  # first (tests/conftest.py); a process left without tests takes half of another's.
  [ $# -gt 0 ] || set -- -m "bundle or not bundle"
  say "pytest";         python -m pytest -p no:cacheprovider -n auto --dist worksteal "${@}"
}

case "$MODE" in
  app)  install_system_packages; install_python_packages; run_app ;;
  test) shift || true; install_system_packages; install_python_packages; run_tests "$@" ;;
  *)    echo "usage: bash packaging/setup.sh app|test" >&2; exit 2 ;;
esac
