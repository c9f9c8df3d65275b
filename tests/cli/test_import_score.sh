# tools/import-score on the shared corpus of real pages: the importer must
# earn at least 90% of the points.  The pages are third-party text, read
# where they lie and never copied into the project.
. "$(dirname "$0")/lib.sh"
corpus=
for d in "$ROOT/../shared/corpus/import" /work/shared/corpus/import; do
	if [ -f "$d/README.md" ]; then
		corpus=$d
		break
	fi
done
if [ -z "$corpus" ]; then
	echo "SKIP: no corpus at ../shared/corpus/import; nothing to score"
	exit 0
fi
if ! command -v python3 >/dev/null; then
	echo "SKIP: python3 is missing (tools/deps.sh test); cannot score"
	exit 0
fi
CAPSULECTL=$CAPSULECTL "$ROOT/tools/import-score" --min 90 "$corpus" >score.txt ||
	fail "score below 90%: $(cat score.txt)"
tail -1 score.txt
