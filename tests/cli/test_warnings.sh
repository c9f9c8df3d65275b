# Warnings that say what to do (exit 0, on standard error): a headline
# another published article has, an empty body, media that are missing or
# large; check reports body links into media/ that name nothing, with
# FILE:LINE; add takes a day as its Date; edit says what it did.
. "$(dirname "$0")/lib.sh"
ctl init site >/dev/null
export CAPSULE_STORE=site

# A clean article: no warning at all.
expect 0 ctl add - < <(article "Harbour opens" 2024-06-01T08:00:00Z)
[ -z "$err" ] || fail "warned about a clean article: $err"

# The same headline (case and punctuation aside) again: a warning naming
# the other article; still added.  --force says it is meant.
expect 0 ctl add - < <(article "HARBOUR opens!")
has "$err" "capsulectl: warning: another article has this headline: harbour-opens; use rename or --force"
[ -f site/articles/harbour-opens-2.gmi ] || fail "the duplicate was not added"
expect 0 ctl add --force - < <(article "Harbour opens")
lacks "$err" "headline"
printf '# Harbour opens\n\nA second report on the harbour.\n' >dup.md
expect 0 ctl import dup.md
has "$err" "another article has this headline: harbour-opens"
expect 0 ctl import --force dup.md
lacks "$err" "headline"

# An empty body.
expect 0 ctl add - < <(printf 'Title: Nothing yet\n\n')
has "$err" "capsulectl: warning: the body is empty"

# Media: an Image and a body link into media/ naming no file; then a
# large one (sparse: no 6 MiB written).
expect 0 ctl add - < <(printf 'Title: Pictures\nImage: media/quay.png\n\nSee it.\n=> /media/map.png The map\n')
has "$err" "warning: Image media/quay.png: no such file in the store; copy the file to site/media/quay.png"
has "$err" "warning: the link to media/map.png: no such file in the store"
: >site/media/quay.png
truncate -s 6M site/media/map.png
expect 0 ctl add - < <(printf 'Title: Pictures again\nImage: media/quay.png\n\nSee it.\n=> /media/map.png The map\n')
lacks "$err" "quay.png"
has "$err" "warning: the link to media/map.png: 6.0 MiB; a reader gets all of it"

# check: a body link into media/ that names nothing is an error at its line.
rm site/media/map.png
printf 'Title: Links\nDate: 2024-06-02T00:00:00Z\n\nFirst.\n\n=> /media/gone%%20away.jpg Gone\n=> gemini://elsewhere.example/media/x.png Elsewhere\n' \
	>site/articles/links.gmi
expect 1 ctl check
has "$err" "capsulectl: error: site/articles/links.gmi:6: link to media/gone away.jpg: no such file in the store"
has "$err" "site/articles/pictures.gmi:6: link to media/map.png"
lacks "$err" "elsewhere"
rm site/articles/links.gmi site/articles/pictures*.gmi

# add takes the date forms import --date takes: a day is its midnight UTC.
expect 0 ctl add - < <(article "A day" 2024-06-03 "Updated: 2024-06-04")
grep -qx 'Date: 2024-06-03T00:00:00Z' site/articles/a-day.gmi || fail "$(cat site/articles/a-day.gmi)"
grep -qx 'Updated: 2024-06-04T00:00:00Z' site/articles/a-day.gmi || fail "$(cat site/articles/a-day.gmi)"
expect 1 ctl add - < <(article "Bad day" 2024-13-03)
has "$err" "<stdin>:2:"

# edit says what it did.
export TMPDIR=$PWD
EDITOR="sed -i s/paragraph/sentence/" expect 0 ctl edit harbour-opens
has "$err" "capsulectl: harbour-opens: saved; Updated set to $(date -u +%Y-%m-%d)T"
EDITOR="sed -i s/sentence/line/" expect 0 ctl edit --minor harbour-opens
has "$err" "capsulectl: harbour-opens: saved; Updated unchanged (--minor)"
EDITOR=true expect 0 ctl edit harbour-opens
has "$err" "capsulectl: harbour-opens: no changes"
echo "headline, body, media and check warnings; days as dates; edit's report"
