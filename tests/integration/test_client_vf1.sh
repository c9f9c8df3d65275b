# Type 0 text in VF-1, driven in tmux: the article's last line comes just
# before the prompt, no lone "." (VF-1 prints the terminator as text).
. "$(dirname "$0")/lib.sh"
need_client vf1 tmux
if [ -n "$CAPSULED_WRAP" ]; then
	echo "SKIP $CAPSULE_TEST: a terminal client under a wrapper adds nothing"
	exit 77
fi
start_daemon
tmux_start vf1 "gopher://localhost:$GPORT/0/articles/small-web-meetup-draws-record-crowd-in-lisbon.txt"
pane_wait "VF-1>"
tail=$(grep -v '^[[:space:]]*$' <<<"$scr" | tail -n 2)
[ "$tail" = "© 2026 The Lantern Wire contributors. Text under CC BY-SA 4.0.
VF-1>" ] || fail "end of the text in VF-1: '$tail'"
# The front page is still a menu VF-1 reads.
keys "go gopher://localhost:$GPORT/1/" Enter
pane_wait "Archive/"
keys quit Enter
