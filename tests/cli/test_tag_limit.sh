# At most 64 tags per article (ARTICLE_TAGS_MAX): add, check and tag all
# refuse more, naming the file and the Tags line, and store nothing.
. "$(dirname "$0")/lib.sh"
expect 0 ctl init site
export CAPSULE_STORE=site

# tags N: "Tags: t1, t2, ... tN"
tags() { printf 'Tags: '; seq -s ', ' -f 't%g' 1 "$1"; }

article "Sixty-four" 2024-06-18T09:00:00Z "$(tags 64)" >ok.gmi
expect 0 ctl add ok.gmi
[ "$out" = sixty-four ] || fail "slug $out"

article "Sixty-five" 2024-06-18T09:00:00Z "$(tags 65)" >over.gmi
expect 1 ctl add over.gmi
has "$err" "over.gmi:3: more than 64 tags"
# The article the attack used: 8,000 tags on a 55 KB article.
article "Eight thousand" 2024-06-18T09:00:00Z "$(tags 8000)" >huge.gmi
expect 1 ctl add - <huge.gmi
has "$err" "<stdin>:3: more than 64 tags"
[ "$(ls site/articles)" = sixty-four.gmi ] || fail "a refused add stored a file"

# tag cannot push an article past the limit.
expect 1 ctl tag sixty-four +t65
has "$err" "more than 64 tags"
grep -q "^Tags: .*t64$" site/articles/sixty-four.gmi || fail "tag changed the file"

# check names a file written past capsulectl.
cp huge.gmi site/articles/huge.gmi
expect 1 ctl check
has "$err" "site/articles/huge.gmi:3: more than 64 tags"
has "$out" "1 with errors"
