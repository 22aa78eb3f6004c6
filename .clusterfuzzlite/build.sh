#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz build of the fuzz targets (docs/fuzzing.md).
# The base image sets CC, CXX, CFLAGS, CXXFLAGS (sanitizers and
# -fsanitize=fuzzer-no-link) and LIB_FUZZING_ENGINE.

# Botan 2 comes from the distribution, built against libstdc++ with
# std::string in its API: the targets must use libstdc++ too, not the libc++
# the base image defaults to.
export CXXFLAGS="${CXXFLAGS//-stdlib=libc++/}"

# Build type "Fuzz" adds no flags of its own: only the image's (no -DNDEBUG,
# so library assertions stay on). Sanitizers and coverage come from CXXFLAGS.
# IMREF_FUZZ_WERROR=OFF: a warning a newer clang adds must not stop fuzzing.
# The build directory is under $WORK, the builder's place for intermediate
# files: a build/ that came along with the sources (COPY . of a working tree)
# holds another directory's CMakeCache.txt, which cmake refuses.
build="$WORK/imref-build"
cmake -S "$SRC/imref" -B "$build" -DCMAKE_BUILD_TYPE=Fuzz \
  -DCMAKE_C_FLAGS="$CFLAGS" -DCMAKE_CXX_FLAGS="$CXXFLAGS" \
  -DIMREF_BUILD_FUZZ=ON -DIMREF_FUZZ_REPLAY=OFF -DIMREF_SANITIZE=OFF \
  -DIMREF_BUILD_TESTS=OFF -DIMREF_BUILD_BENCH=OFF -DIMREF_FUZZ_WERROR=OFF \
  -DIMREF_FUZZ_ENGINE="$LIB_FUZZING_ENGINE" -DIMREF_FUZZ_INSTRUMENT=""

targets=$(sed -n '/^set(IMREF_FUZZ_TARGETS/,/)/p' "$SRC/imref/fuzz/CMakeLists.txt" | tr -d '()' | tail -n +2)
cmake --build "$build" -j"$(nproc)" --target $(printf 'fuzz_%s ' $targets)

for t in $targets; do
  cp "$build/fuzz/$t" "$OUT/"
  cp "$SRC/imref/fuzz/$t.options" "$OUT/"
  if [[ -f "$SRC/imref/fuzz/$t.dict" ]]; then cp "$SRC/imref/fuzz/$t.dict" "$OUT/"; fi
  (cd "$SRC/imref/fuzz/corpus/$t" && zip -q -r "$OUT/${t}_seed_corpus.zip" .)
done
