#!/usr/bin/env bash
# Makes every icon Tauri needs from icons/source.svg: RGBA PNGs (32, 128, 256, 512), a
# Windows .ico and a macOS .icns. Run it after changing source.svg and commit the results.
# Needs: rsvg-convert (librsvg2-bin), ImageMagick (imagemagick), png2icns (icnsutils).
set -euo pipefail
cd "$(dirname "$0")"
for tool in rsvg-convert png2icns; do
  command -v "$tool" >/dev/null || { echo "make-icons: $tool is missing (apt-get install librsvg2-bin icnsutils)" >&2; exit 1; }
done
magick=/usr/bin/convert   # /usr/local/bin/convert may be a stand-in; use ImageMagick's own
[ -x "$magick" ] || { echo "make-icons: ImageMagick is missing (apt-get install imagemagick)" >&2; exit 1; }

png() { rsvg-convert -w "$1" -h "$1" source.svg | "$magick" - -define png:color-type=6 "PNG32:$2"; }
png 32 32x32.png
png 128 128x128.png
png 256 128x128@2x.png
png 512 icon.png
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for s in 16 24 32 48 64 256; do png "$s" "$tmp/$s.png"; done
"$magick" "$tmp"/{16,24,32,48,64,256}.png icon.ico
png 16 "$tmp/i16.png"; png 32 "$tmp/i32.png"; png 48 "$tmp/i48.png"; png 128 "$tmp/i128.png"
png2icns icon.icns "$tmp"/i{16,32,48,128}.png "$PWD/128x128@2x.png" icon.png >/dev/null
file ./*.png | grep -v 'RGBA' && { echo "make-icons: a PNG is not RGBA" >&2; exit 1; }
echo "icons written to $PWD"
