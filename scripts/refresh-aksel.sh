#!/usr/bin/env bash
# Refreshes the vendored Aksel CSS and Source Sans 3 fonts under crates/web/static/ from the
# npm registry, at the versions pinned below. The web crate embeds them (include_bytes!), so a
# build never downloads anything; run this only to move to a new pinned version, then review
# the diff, run the browser suite and update docs/design.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DS_CSS_VERSION=8.16.2          # @navikt/ds-css (Aksel)
SOURCE_SANS_VERSION=5.3.1      # @fontsource/source-sans-3
FONT_FILES=(latin-400-normal latin-400-italic latin-600-normal latin-700-normal)

out=crates/web/static
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "@navikt/ds-css@$DS_CSS_VERSION" "@fontsource/source-sans-3@$SOURCE_SANS_VERSION" >/dev/null)
mkdir -p "$tmp/ds" "$tmp/fs" "$out/aksel" "$out/fonts"
tar xzf "$tmp/navikt-ds-css-$DS_CSS_VERSION.tgz" -C "$tmp/ds"
tar xzf "$tmp/fontsource-source-sans-3-$SOURCE_SANS_VERSION.tgz" -C "$tmp/fs"

# Aksel's own @font-face rules load the fonts from cdn.nav.no, which the CSP (font-src 'self')
# refuses and which would leave the server; they are removed, and jobbvei.css declares the
# embedded files instead.
{
  printf '/* @navikt/ds-css %s (MIT, see LICENSE), dist/index.min.css without its font-face rules */\n' "$DS_CSS_VERSION"
  perl -0pe 's/\@font-face\{[^}]*\}//g' "$tmp/ds/package/dist/index.min.css"
  printf '\n'
} >"$out/aksel/aksel.min.css"
if grep -q 'url(http' "$out/aksel/aksel.min.css"; then
  echo "aksel.min.css still refers to an external URL" >&2
  exit 1
fi
# The npm package carries no LICENSE file; its package.json says MIT, and this is the licence
# of the navikt/aksel repository it is built from.
cat >"$out/aksel/LICENSE" <<'LICENSE'
@navikt/ds-css — https://github.com/navikt/aksel (package.json: "license": "MIT")

Copyright (c) 2017 NAV

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
LICENSE
printf '%s\n' "$DS_CSS_VERSION" >"$out/aksel/VERSION"

for f in "${FONT_FILES[@]}"; do
  cp "$tmp/fs/package/files/source-sans-3-$f.woff2" "$out/fonts/"
done
cp "$tmp/fs/package/LICENSE" "$out/fonts/LICENSE"
printf '%s\n' "$SOURCE_SANS_VERSION" >"$out/fonts/VERSION"
echo "refreshed: @navikt/ds-css $DS_CSS_VERSION, @fontsource/source-sans-3 $SOURCE_SANS_VERSION"
