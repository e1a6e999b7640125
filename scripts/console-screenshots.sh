#!/usr/bin/env bash
# Regenerates the console's screenshots in docs/console/ (headless Chromium; apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs/console
GATEHOUSE_CONSOLE_SCREENSHOTS="$PWD/docs/console" go test -count=1 -run '^TestScreenshots$' ./console
ls -l docs/console
