# elpher (Emacs) in a terminal, driven in tmux, over Gopher: the front
# page, a search, the tag index, a tag, an article card and its text (no
# lone "." at the end, no mojibake).  Links are followed by name with
# elpher's "m" (jump), as a reader picks them.  Not over Gemini: elpher
# 2.10.2 (Debian 12) in a terminal fails on every gemtext heading
# (it scales fill-column by a font size a terminal frame has not), and
# about one TLS connection in three stalls after its handshake without
# sending the request.  Native compilation is off: compiling elpher in
# the background would cost seconds of CPU on every run.
. "$(dirname "$0")/lib.sh"
need_client emacs tmux
elpher=$(ls -d /usr/share/emacs/site-lisp/elpa/elpher-* 2>/dev/null | tail -n 1)
[ -n "$elpher" ] || { echo "SKIP $CAPSULE_TEST: elpher is not installed"; exit 77; }
if [ -n "$CAPSULED_WRAP" ]; then
	echo "SKIP $CAPSULE_TEST: a terminal client under a wrapper adds nothing"
	exit 77
fi
start_daemon
cat >init.el <<EL
(setq native-comp-deferred-compilation nil)
(require 'elpher)
(elpher-go "gopher://localhost:$GPORT/")
EL
tmux_start emacs -nw -Q -L "$elpher" -l "$PWD/init.el"
# screen: the buffer's lines on screen, without the mode and echo lines.
screen() { sed '/ \*elpher\* /,$d' <<<"$scr"; }
jump() { keys m; pane_wait "item/link:"; keys "$1" Enter; }

pane_wait "Small web meetup draws record crowd in Lisbon"
has "$scr" "By Zoë Marchetti · 21 October 2026"
has "$scr" "  [/] Read the article"
jump Search
pane_wait "Query:"
keys lisbon Enter
pane_wait "Search results for: lisbon"
has "$scr" "  [/] 2026-10-21 Small web meetup draws record crowd in Lisbon"
has "$scr" "… 120 people in a converted tram depot in Lisbon."
keys u
pane_wait "  [/] Tags"
jump Tags
pane_wait "  [/] gopher (2)"
jump "gopher (2)"
pane_wait "Articles tagged gopher"
jump "2026-10-21 Small web meetup draws record crowd in Lisbon"
pane_wait "[txt] Full text"
has "$scr" "By Zoë Marchetti · 21 October 2026"
jump "Full text"
pane_wait "Organisers of the Small Web Days"
has "$scr" "By Zoë Marchetti · 21 October 2026"
keys 'M->'
pane_wait "© 2026 The Lantern Wire contributors"
last=$(screen | grep -v '^[[:space:]]*$' | tail -n 1)
[ "$last" = "© 2026 The Lantern Wire contributors. Text under CC BY-SA 4.0." ] ||
	fail "end of the text in elpher: '$last'"
lacks "$scr" "Ã"

keys C-x C-c
