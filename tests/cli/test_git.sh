# A store in git: init --git, or git = yes in an existing store's
# capsule.conf (the repository made at the first change).  Every change
# is one commit by the publisher, its message the command and the slug;
# .lock and .trash/ stay out; a failed commit keeps the change and the
# next commit takes it in; a no-op makes no commit.
. "$(dirname "$0")/lib.sh"
command -v git >/dev/null 2>&1 || { echo "SKIP: git is not installed"; exit 0; }
export HOME=$PWD	# no git configuration of the user's
me=$(id -un)
# git log of store $1: "author <email>|subject", newest first.
glog() { git -C "$1" log --format='%an <%ae>|%cn|%s'; }

expect 0 ctl init --git --title Wire s
has "$(cat s/capsule.conf)" "git = yes"
[ -d s/.git ] || fail "no s/.git"
has "$(glog s)" "|init"
has "$(glog s)" "<$me@capsule>"
has "$(cat s/.gitignore)" "/.lock"
has "$(cat s/.gitignore)" "/.trash/"

article "First story" >a.gmi
expect 0 ctl --store s add a.gmi
expect 0 ctl --store s tag first-story +town
expect 0 ctl --store s unpublish first-story
expect 0 ctl --store s publish first-story
expect 0 ctl --store s rename first-story "Second headline"
expect 0 ctl --store s rm second-headline
log=$(glog s | cut -d '|' -f 3 | tr '\n' ',')
[ "$log" = "trash: second-headline,rename: second-headline,publish: first-story,unpublish: first-story,tag: first-story,add: first-story,init," ] ||
	fail "commits: $log"
# Each change is exactly one commit, author and committer the publisher.
[ "$(glog s | cut -d '|' -f 1 | sort -u)" = "$me <$me@capsule>" ] ||
	fail "authors: $(glog s)"
[ "$(glog s | cut -d '|' -f 2 | sort -u)" = "$me" ] || fail "committers"
[ -z "$(git -C s status --porcelain)" ] ||
	fail "left uncommitted: $(git -C s status --porcelain)"
[ -e s/.lock ] && ! git -C s ls-files --error-unmatch .lock 2>/dev/null ||
	fail ".lock tracked"
[ -d s/.trash ] && [ -z "$(git -C s ls-files .trash)" ] || fail ".trash tracked"
# The removed text is in git's history.
git -C s show HEAD~1:articles/second-headline.gmi | grep -q "Second headline" ||
	fail "history lost the article"

# A change that changes nothing is no commit.
expect 0 ctl --store s add a.gmi
expect 0 ctl --store s tag first-story +town
n=$(glog s | wc -l)
expect 0 ctl --store s tag first-story +town
expect 0 ctl --store s publish first-story
[ "$(glog s | wc -l)" = "$n" ] || fail "a no-op committed: $(glog s | head -3)"

# An existing store: git = yes, the repository made at the first change.
expect 0 ctl init --title Old o
article "Older story" >b.gmi
expect 0 ctl --store o add b.gmi
[ ! -e o/.git ] || fail "a store without git = yes got a repository"
echo "git = yes" >>o/capsule.conf
article "Newer story" >c.gmi
expect 0 ctl --store o add c.gmi
[ "$(glog o | cut -d '|' -f 3)" = "add: newer-story" ] || fail "first commit: $(glog o)"
git -C o ls-files | grep -qx articles/older-story.gmi || fail "older story not in git"

# git failing: the change is written, said, and goes into the next commit.
chmod 0555 o/.git/objects 2>/dev/null
if [ "$(id -u)" = 0 ]; then
	# root writes anyway: a hook that refuses stands in for the failure.
	chmod 0755 o/.git/objects
	printf '#!/bin/sh\nexit 1\n' >o/.git/hooks/pre-commit
	chmod 755 o/.git/hooks/pre-commit
fi
article "Third story" >d.gmi
expect 0 ctl --store o add d.gmi
has "$err" "warning:"
has "$err" "goes into the next commit"
[ -f o/articles/third-story.gmi ] || fail "the change was lost"
chmod 0755 o/.git/objects
rm -f o/.git/hooks/pre-commit
expect 0 ctl --store o tag third-story +late
[ "$(glog o | head -n 1 | cut -d '|' -f 3)" = "tag: third-story" ] || fail "$(glog o)"
git -C o ls-files | grep -qx articles/third-story.gmi || fail "the failed change never committed"

# git = maybe is refused.
echo "git = maybe" >>o/capsule.conf
expect 1 ctl --store o check
has "$err" "git is yes or no"
