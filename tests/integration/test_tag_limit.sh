# An article with more than 64 tags is skipped by the loader, with its
# file and Tags line in the log, and the store around it is served: the
# 8,000-tag article that once made every reload take gigabytes.
. "$(dirname "$0")/lib.sh"
cp -r "$ROOT/capsule" store
{
	printf 'Title: Tagged to death\nDate: 2024-01-01T00:00:00Z\nTags: '
	seq -s ', ' -f 'tag%g' 1 8000
	printf '\nA short body.\n'
} >store/articles/huge.gmi
start_daemon
grep -q "articles/huge.gmi:3: skipped: more than 64 tags" daemon.log ||
	fail "the article was not skipped: $(tail -3 daemon.log)"
get /
expect_status 20
get /articles/huge
expect_status 51
get /tags/tag1/
expect_status 51
