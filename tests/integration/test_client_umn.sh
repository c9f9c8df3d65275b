# The UMN client (Debian "gopher"), as users start it: it asks for the
# first menu in Gopher+ ("\t$") and gave up on a Gopher0 answer.  Then a
# tag, an article card, its text and a search, read off its screen.  In
# --gopher-charset ascii, the mode for this client (it shows bytes
# 0x80-0x9f of UTF-8 as "~@"-style escapes), snippets are folded too.
. "$(dirname "$0")/lib.sh"
need_client gopher tmux
if [ -n "$CAPSULED_WRAP" ]; then
	echo "SKIP $CAPSULE_TEST: a terminal client under a wrapper adds nothing"
	exit 77
fi
start_daemon --gopher-charset ascii

# The client numbers every line of a menu, info lines too: an item's
# number is its line in the menu as served.
itemno() {
	"$GEMREQ" -P -w 5000 "$GPORT" "$1"$'\r\n' | grep -n -m 1 "^$2" | cut -d: -f1
}
meetup=/articles/small-web-meetup-draws-record-crowd-in-lisbon
read=$(itemno / $'1Read the article\t')
tags=$(itemno / $'1Tags\t')
search=$(itemno / $'7Search\t')
full=$(itemno "$meetup" $'0Full text\t')

tmux_start gopher localhost "$GPORT"
# The first run shows a licence screen.
pane_wait "Press RETURN to continue"
keys Enter
pane_wait "Home Gopher server: localhost"
has "$scr" "The Lantern Wire"
# The lead story: its headline, the byline, the item to the article.
has "$scr" "Small web meetup draws record crowd in Lisbon"
has "$scr" "By Zoe Marchetti - 21 October 2026"
has "$scr" "[$read] Read the article/"
lacks "$scr" "Nothing available"

keys "$tags" Enter
pane_wait "[8]  gopher (2)/"
keys 8 Enter
pane_wait "Articles tagged gopher"
has "$scr" "[4]  2026-10-21 Small web meetup draws record crowd in Lisbon/"
keys 4 Enter
pane_wait "By Zoe Marchetti - 21 October 2026"
has "$scr" "[$full]  Full text"
keys "$full" Enter
pane_wait "Organisers of the Small Web Days"
has "$scr" "Small web meetup draws record crowd in Lisbon"
lacks "$scr" "~@"

keys u
sleep 0.3
keys m
pane_wait "Home Gopher server: localhost"
keys "$search" Enter
pane_wait "Accept"
keys the Enter
pane_wait "Search results for: the"
has "$scr" "Repair cafe volunteers teach ed, the standard text editor/"
has "$scr" "Since September it has also..."
lacks "$scr" "~@"
keys q
