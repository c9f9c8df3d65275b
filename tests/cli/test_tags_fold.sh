# A tag given with capitals or spaces (add's Tags header, tag, import
# --tags) is folded into store form with a note; one that folds to nothing
# is named in the error and nothing is stored.
. "$(dirname "$0")/lib.sh"

ctl init site >/dev/null
export CAPSULE_STORE=site

article "Council vote" 2024-06-18T09:00:00Z \
	"Tags: City Hall, news,Élections 2024" >c.gmi
expect 0 ctl add - <c.gmi
[ "$out" = council-vote ] || fail "slug $out"
has "$err" 'capsulectl: note: <stdin>:3: tag "City Hall" folded to "city-hall"'
has "$err" '"Élections 2024" folded to "elections-2024"'
lacks "$err" '"news"'
grep -q '^Tags: city-hall, news, elections-2024$' \
	site/articles/council-vote.gmi || fail "$(cat site/articles/council-vote.gmi)"

# A header already in store form is stored byte for byte, without a note.
article "Plain tags" 2024-06-18T09:00:00Z "Tags: a,b" >p.gmi
expect 0 ctl add p.gmi
[ -z "$err" ] || fail "note for plain tags: $err"
cmp -s p.gmi site/articles/plain-tags.gmi || fail "plain tags rewritten"

article "Bad" 2024-06-18T09:00:00Z "Tags: fine, ???" >b.gmi
expect 1 ctl add b.gmi
has "$err" 'b.gmi:3: tag "???": nothing to fold into a tag'
[ ! -e site/articles/bad.gmi ] || fail "stored with a bad tag"

expect 0 ctl tag council-vote "+Big News" -News
[ "$out" = "big-news, city-hall, elections-2024" ] || fail "tags: $out"
has "$err" 'tag "Big News" folded to "big-news"'
expect 1 ctl tag council-vote +x "+%%"
has "$err" 'tag "%%"'
grep -q "^Tags: city-hall, elections-2024, big-news$" \
	site/articles/council-vote.gmi || fail "a refused tag wrote"

printf '# Imported\n\nSome text.\n' >i.txt
expect 0 ctl import --tags "Harbour Street, trade" i.txt
has "$err" 'capsulectl: note: --tags: tag "Harbour Street" folded to "harbour-street"'
grep -q '^Tags: harbour-street, trade$' site/articles/imported.gmi ||
	fail "$(cat site/articles/imported.gmi)"
expect 1 ctl import --tags "ok, ..." i.txt
has "$err" '--tags: tag "...": nothing to fold'
