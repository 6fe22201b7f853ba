#!/usr/bin/env bash
# Writes Sources/TUI/Style/DefaultThemeJSON.swift from themes/default.json, so the built-in theme
# is the shipped file. Run it after editing themes/default.json (ThemeTests fails until you do).
set -euo pipefail
cd "$(dirname "$0")/.."
out=Sources/TUI/Style/DefaultThemeJSON.swift
{
  echo '// Generated from themes/default.json by scripts/embed-default-theme.sh; do not edit by hand.'
  echo '// ThemeTests checks that it matches the file byte for byte.'
  echo
  echo 'extension Theme {'
  echo '    /// The text of the shipped `themes/default.json`.'
  echo '    static let defaultThemeJSON = #"""'
  cat themes/default.json
  echo '"""#'
  echo '}'
} > "$out"
echo "wrote $out"
