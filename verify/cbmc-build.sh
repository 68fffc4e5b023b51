#!/usr/bin/env bash
# Build CBMC from Debian's source package into the shared cache, once (make verify calls it every time).
#
# usage: verify/cbmc-build.sh           prints the directory that holds bin/cbmc and bin/goto-cc
#
# Debian 12 has no cbmc binary package; the next release's (trixie's) source package builds on it
# (/work/shared/toolchain-notes.md §1). The cache directory is keyed by the inputs: the package
# version and revision, the make targets and flags, so a change of recipe builds afresh and an
# unchanged one is reused. Progress goes to stderr; the build log to <dir>.log.
set -euo pipefail

VERSION=6.6.0
REVISION=4    # Debian revision of the source package
TARGETS="cbmc.dir goto-cc.dir goto-instrument.dir"
FLAGS="MINISAT2=/usr/include/minisat LIBS=-lminisat GIT_INFO=cbmc-$VERSION"
CACHE=${MIRALIS_CACHE:-$HOME/.cache/miralis-c}
key=$(echo "$VERSION-$REVISION $TARGETS $FLAGS minisat-debian" | sha256sum | cut -c1-12)
dir=$CACHE/cbmc-$VERSION-$REVISION-$key
say() { echo "cbmc-build: $*" >&2; }

# What CBMC needs to build and to run (libminisat): installed when missing, also when the cache
# holds CBMC already (a fresh machine with a restored cache).
bash "$(dirname "$0")/../runner/deps.sh" verify >&2

# One build at a time (make verify may run in several worktrees): the others wait for it.
mkdir -p "$CACHE"
exec 9>"$dir.lock"
flock 9
if [ -x "$dir/bin/cbmc" ] && [ -x "$dir/bin/goto-cc" ]; then
	echo "$dir"
	exit 0
fi

# A private apt configuration that only knows trixie's *source* index: nothing else on the system changes.
work=$CACHE/cbmc-src
A=$work/apt
mkdir -p "$A/lists/partial" "$A/cache/archives/partial" "$A/etc"
uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)
echo "deb-src $uri trixie main" >"$A/etc/sources.list"
o=(-oDir::State::Lists="$A/lists" -oDir::Etc::SourceList="$A/etc/sources.list"
	-oDir::Etc::SourceParts=/nonexistent -oDir::Cache="$A/cache")
cd "$work"
if ! [ -f "cbmc_$VERSION.orig.tar.gz" ] || ! [ -f "cbmc_$VERSION-$REVISION.debian.tar.xz" ]; then
	say "downloading the cbmc $VERSION source package"
	apt-get "${o[@]}" update >&2
	apt-get "${o[@]}" source --download-only "cbmc=$VERSION-$REVISION" >&2
fi
deb=cbmc_$VERSION-$REVISION.debian.tar.xz
tmp=$dir.tmp
src=$tmp/cbmc-cbmc-$VERSION
# An interrupted build resumes: make only compiles what is missing.
if ! [ -f "$tmp/.patched" ]; then
	rm -rf "$tmp"
	mkdir -p "$tmp"
	say "unpacking into $tmp"
	tar -C "$tmp" -xzf cbmc_"$VERSION".orig.tar.gz
	tar -C "$tmp" -xJf "$deb"
	(cd "$src" && patch -p1 <../debian/patches/minisat-debian >&2)
	touch "$tmp/.patched"
else
	say "resuming the build in $tmp"
fi
jobs=${JOBS:-$(nproc)}
say "building (about 26 CPU-minutes on 2 cores; log: $dir.log)"
start=$(date +%s)
# Progress: one line per finished directory of the source tree.
# shellcheck disable=SC2086 # TARGETS and FLAGS are word lists
make -C "$src/src" -j"$jobs" $TARGETS $FLAGS >>"$dir.log" 2>&1 &
pid=$!
while kill -0 $pid 2>/dev/null; do
	sleep 60
	n=$(grep -c '^\(g++\|CXX\)' "$dir.log" || true)
	say "$(($(date +%s) - start)) s, $n compile steps done"
done
wait $pid || { say "build failed, see $dir.log"; exit 1; }
mkdir -p "$tmp/bin"
cp "$src/src/cbmc/cbmc" "$src/src/goto-cc/goto-cc" "$src/src/goto-instrument/goto-instrument" "$tmp/bin/"
strip "$tmp/bin/"* || true
rm -rf "$src" "$tmp/debian"
mv "$tmp" "$dir"
say "done in $(($(date +%s) - start)) s"
echo "$dir"
