#!/bin/sh
# Builds the GGUF reader's libFuzzer target with Debian's clang++ and runs it
# for a bounded time on a copy of the seed corpus.
#   run_gguf_fuzz.sh <source dir> <work dir> <seconds>
# Exit 0: no crash; 1: a crash (the input is saved in the work dir);
# 77: the fuzzer cannot be built here (ctest reports the test as skipped).
set -u
src=$1
work=$2
seconds=${QIUSUO_FUZZ_SECONDS:-$3}
cxx=${QIUSUO_FUZZ_CXX:-clang++}
mkdir -p "$work"

if ! command -v "$cxx" >/dev/null 2>&1; then
    echo "SKIP: $cxx not found; install clang and libclang-rt-14-dev (scripts/apt-packages.txt) to fuzz"
    exit 77
fi
printf '#include <cstdint>\n#include <cstddef>\nextern "C" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }\n' \
    >"$work/probe.cpp"
if ! "$cxx" -fsanitize=fuzzer,address,undefined "$work/probe.cpp" -o "$work/probe" >"$work/probe.log" 2>&1; then
    echo "SKIP: $cxx cannot build a libFuzzer target (is libclang-rt-14-dev installed?):"
    cat "$work/probe.log"
    exit 77
fi

# Only the reader's own sources and inference/error.h: the reader builds standalone.
fuzzer="$work/gguf_fuzz"
sources="$src/tests/fuzz/gguf_fuzz.cpp $(ls "$src"/inference/gguf/*.cpp)"
rebuild=1
if [ -x "$fuzzer" ]; then
    rebuild=0
    for f in $sources "$src"/inference/gguf/*.h "$src/inference/error.h"; do
        [ "$f" -nt "$fuzzer" ] && rebuild=1
    done
fi
if [ $rebuild = 1 ]; then
    echo "building $fuzzer"
    # shellcheck disable=SC2086
    if ! "$cxx" -std=c++20 -O1 -g -I"$src" -fsanitize=fuzzer,address,undefined \
        -fno-sanitize-recover=undefined $sources -o "$fuzzer.new"; then
        echo "FAIL: the fuzz target does not compile"
        exit 1
    fi
    mv "$fuzzer.new" "$fuzzer"
fi

# Fresh copy of the seeds each run: what the fuzzer adds stays in the build tree.
rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/artifacts"
cp "$src"/tests/data/gguf/corpus/* "$work/corpus/"
echo "fuzzing the GGUF reader for $seconds s"
UBSAN_OPTIONS=print_stacktrace=1 "$fuzzer" -max_total_time="$seconds" -max_len=16384 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/artifacts/" "$work/corpus" \
    >"$work/fuzz.log" 2>&1
rc=$?
tail -n 60 "$work/fuzz.log"
if [ $rc -ne 0 ]; then
    echo "FAIL: the fuzzer found a crash (exit $rc); the input is in $work/artifacts/"
    exit 1
fi
echo "no crash in $seconds s"
exit 0
