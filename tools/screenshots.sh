#!/usr/bin/env bash
# tools/screenshots.sh [OUTDIR]: the pictures README.md shows.  Serves
# the sample store (capsule/) with build/capsuled on free loopback
# ports and takes, into OUTDIR (default doc/screenshots/):
#
#   kristall-front.png    the front page in Kristall (Gemini)
#   kristall-article.png  an article in Kristall
#   kristall-tags.png     the tag index in Kristall
#   lynx-gopher.txt, .png the gopher root menu in lynx, from its screen
#
# Kristall runs under Xvfb on a display of its own, with a home of its
# own (its settings and trusted certificates are thrown away after).
# Each page is handed to the running Kristall the way its desktop entry
# does it, "kristall URL", which opens a tab: its address bar does not
# act on a Return that xdotool sends under Xvfb (without a window
# manager), so typing the address there loads nothing.  lynx runs in a
# tmux window of 80 x 32 and the capture is its screen, as text and
# drawn in DejaVu Sans Mono (fonts-dejavu-core).  Pictures are cut to the browser window,
# scaled to 800 pixels wide and kept well under 200 KB.
#
# Needs kristall, xvfb, xdotool, imagemagick, lynx and tmux (Debian:
# apt-get install kristall xvfb xdotool imagemagick lynx tmux); never
# run by make check.  Everything it starts it stops, by pid.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=${1:-$ROOT/doc/screenshots}
BUILD=${BUILD:-$ROOT/build}

for p in kristall Xvfb xdotool import convert lynx tmux; do
	command -v "$p" >/dev/null || {
		echo "screenshots: $p is missing (apt-get install kristall" \
		    "xvfb xdotool imagemagick lynx tmux)" >&2
		exit 1
	}
done
[ -x "$BUILD/capsuled" ] || make -C "$ROOT" all

work=$(mktemp -d "${TMPDIR:-/tmp}/capsule-shots-XXXXXX")
pids=()
cleanup() {
	local p
	tmux -S "$work/tmux.sock" kill-server 2>/dev/null || true
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT
# capsuled started as root reads the store as nobody.
chmod 0755 "$work"
cp -r "$ROOT/capsule" "$work/store"
chmod -R a+rX "$work/store"
mkdir -p "$OUT" "$work/home" "$work/run"
chmod 0700 "$work/run"

# The daemon, on free ports (a taken one makes it exit at once).
for try in $(seq 1 20); do
	port=$((20000 + RANDOM % 40000))
	gport=$((20000 + RANDOM % 40000))
	"$BUILD/capsuled" --foreground --store "$work/store" --host localhost \
		--gemini "127.0.0.1:$port" --gopher "127.0.0.1:$gport" \
		--cert "$work/cert.pem" --key "$work/key.pem" --workers 1 \
		>"$work/daemon.log" 2>&1 &
	dpid=$!
	for i in $(seq 1 50); do
		grep -q "in service" "$work/daemon.log" && break
		kill -0 "$dpid" 2>/dev/null || break
		sleep 0.1
	done
	if grep -q "in service" "$work/daemon.log"; then
		pids+=("$dpid")
		break
	fi
	wait "$dpid" 2>/dev/null || true
	[ "$try" -lt 20 ] || { cat "$work/daemon.log" >&2; exit 1; }
done

# An X display nobody uses.
d=90
while [ -e "/tmp/.X11-unix/X$d" ] || [ -e "/tmp/.X$d-lock" ]; do d=$((d + 1)); done
Xvfb ":$d" -screen 0 1024x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=("$!")
export DISPLAY=":$d"
for i in $(seq 1 50); do
	xdotool getdisplaygeometry >/dev/null 2>&1 && break
	sleep 0.1
done

export HOME="$work/home" XDG_RUNTIME_DIR="$work/run"
kristall >"$work/kristall.log" 2>&1 &
pids+=("$!")
win=$(timeout 30 xdotool search --sync --onlyvisible --class kristall | head -n 1)
[ -n "$win" ] || { echo "screenshots: no Kristall window" >&2; exit 1; }
xdotool windowmove "$win" 0 0 windowsize "$win" 1000 760
sleep 1

# shot NAME PATH: PATH in a new tab, once capsuled has answered it.
shot() {
	local name=$1 path=$2 i n
	n=$(grep -c " gemini " "$work/daemon.log" || true)
	kristall "gemini://localhost:$port$path" >>"$work/kristall.log" 2>&1
	for i in $(seq 1 100); do
		[ "$(grep -c " gemini gemini://localhost:$port$path " "$work/daemon.log" || true)" -gt 0 ] &&
			[ "$(grep -c " gemini " "$work/daemon.log")" -gt "$n" ] && break
		sleep 0.1
	done
	sleep 1.5	# the page laid out
	import -window root "$work/$name.png"
	convert "$work/$name.png" -crop 1000x760+0+0 +repage -resize 800x \
		-strip -colors 128 "$OUT/$name.png"
	echo "$OUT/$name.png: $(stat -c %s "$OUT/$name.png") bytes"
}
shot kristall-front /
shot kristall-article /articles/harbour-street-mesh-network-reaches-200-nodes
shot kristall-tags /tags/

# lynx on the gopher side, its screen as text, then drawn.
tmux -S "$work/tmux.sock" -f /dev/null new-session -d -x 80 -y 32 \
	"env TERM=xterm LANG=C.UTF-8 HOME=$work/home lynx -nocolor gopher://127.0.0.1:$gport/; sleep 60"
for i in $(seq 1 50); do
	tmux -S "$work/tmux.sock" capture-pane -p | grep -q "The Lantern Wire" && break
	sleep 0.1
done
sleep 0.5
tmux -S "$work/tmux.sock" capture-pane -p >"$OUT/lynx-gopher.txt"
screen=$(cat "$OUT/lynx-gopher.txt")
# Drawn with -annotate, which reads "%" as its escapes; ImageMagick's
# label: refuses some lines of lynx's help bar.
convert -size 680x$(($(wc -l <"$OUT/lynx-gopher.txt") * 17 + 16)) \
	xc:'#1d1f21' -font DejaVu-Sans-Mono -pointsize 13 -fill '#d8d8d8' \
	-annotate +10+18 "${screen//%/%%}" -strip -colors 32 \
	"$OUT/lynx-gopher.png"
echo "$OUT/lynx-gopher.png: $(stat -c %s "$OUT/lynx-gopher.png") bytes"
