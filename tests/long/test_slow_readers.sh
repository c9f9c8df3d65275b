# The attack of issue 10 at full size: a store of 20,000 articles
# reloaded 20 times with one slow reader started before each reload.
# When every reader kept its snapshot, resident memory grew 3.7 GB
# (from 373 MB); now it stays within 64 MB of its quiet figure (+7 MB
# measured).  Takes
# several minutes (the reload thread runs at nice 19).
export SLOW_GENSTORE=$BUILD/tools/genstore
export SLOW_ARTS=20000 SLOW_RELOADS=20 SLOW_GROWTH_MB=64
exec bash "$(dirname "$0")/../integration/test_slow_readers.sh"
