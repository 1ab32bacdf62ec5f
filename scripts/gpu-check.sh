#!/usr/bin/env bash
# The GPU engine's whole check, for a machine with one NVIDIA GPU and nvcc
# (issue 8): builds with CUDA for this GPU's architecture, runs the
# gpu-labelled tests, generates R1-Distill-Qwen-1.5B- and 7B-shaped Q4_K_M
# models with `qiusuo-cli gen-model --quick`, and prints prefill-512 and decode
# tokens/s with decode as a share of the memory-bandwidth roofline (measured
# by qiusuo-gpu-bench's own copy kernel); then a DeepSeek-V2-Lite-shaped
# Q4_K_M (deepseek2: MLA + MoE) on the GPU with `qiusuo-cli bench --device
# cuda`. About 6 minutes on an H200.
#
#   scripts/gpu-check.sh                 build in build/gpu, then check
#   scripts/gpu-check.sh --prebuilt DIR  use DIR/bin/{qiusuo_cuda_tests,qiusuo_cuda_deepseek2_tests,
#                                        qiusuo-cli,qiusuo-gpu-bench},
#                                        DIR/lib (extra shared libraries) and DIR/testdata
#                                        (for machines without the build dependencies)
# Environment: QIUSUO_TESTDATA (default ../shared/testdata), QIUSUO_GPU_MODELS (where the
# generated models go; default build/gpu/models, reused when present), QIUSUO_GPU_SHAPES
# (default "r1-distill-qwen-1.5b r1-distill-qwen-7b"), QIUSUO_GPU_MOE=0 skips the deepseek2 bench.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
prebuilt=""
if [[ "${1:-}" == "--prebuilt" ]]; then
  prebuilt=$(cd "$2" && pwd)
fi

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }

if [[ -n "$prebuilt" ]]; then
  bin="$prebuilt/bin"
  tests="$bin/qiusuo_cuda_tests $bin/qiusuo_cuda_deepseek2_tests"
  export LD_LIBRARY_PATH="$prebuilt/lib:/usr/local/cuda/lib64:/usr/local/cuda/lib:${LD_LIBRARY_PATH:-}"
  if ! ldconfig -p | grep -q libcublas.so.13 && ! ls /usr/local/cuda/lib64/libcublas.so.13 >/dev/null 2>&1; then
    cublas=$(find / -name 'libcublas.so.13' -not -path '*/proc/*' 2>/dev/null | head -1 || true)
    [[ -n "$cublas" ]] && export LD_LIBRARY_PATH="$(dirname "$cublas"):$LD_LIBRARY_PATH"
  fi
  export QIUSUO_TESTDATA="${QIUSUO_TESTDATA:-$prebuilt/testdata}"
  models="${QIUSUO_GPU_MODELS:-$prebuilt/models}"
else
  build="$root/build/gpu"
  step "build (CUDA, native architecture)"
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DQIUSUO_BUILD_GUI=OFF \
    -DQIUSUO_CUDA=ON -DQIUSUO_CUDA_ARCHITECTURES=native >/dev/null
  cmake --build "$build" --target qiusuo_cuda_tests qiusuo_cuda_deepseek2_tests qiusuo-cli qiusuo-gpu-bench \
    -j"$(nproc)"
  bin="$build"
  tests="$build/tests/inference/cuda/qiusuo_cuda_tests $build/tests/inference/cuda/qiusuo_cuda_deepseek2_tests"
  cp "$build/bench/cuda/qiusuo-gpu-bench" "$build/app/cli/qiusuo-cli" "$build/" 2>/dev/null || true
  bin="$build"
  [[ -x "$bin/qiusuo-cli" ]] || bin="$build/app/cli"
  export QIUSUO_TESTDATA="${QIUSUO_TESTDATA:-$root/../shared/testdata}"
  models="${QIUSUO_GPU_MODELS:-$build/models}"
fi
cli="$bin/qiusuo-cli"
gpubench="$bin/qiusuo-gpu-bench"
[[ -x "$gpubench" ]] || gpubench="$(dirname "$bin")/bench/cuda/qiusuo-gpu-bench"

step "device"
nvidia-smi --query-gpu=name,memory.total,memory.free,driver_version,clocks.max.sm --format=csv || true

for t in $tests; do
  step "gpu tests: $(basename "$t")"
  if [[ ! -x "$t" ]]; then echo "missing: $t"; continue; fi
  "$t" --gtest_brief=1 2>&1 | grep -E '^\[ measured|FAILED|PASSED|SKIPPED|Failure|error|Expected|Which is|actual' || true
  "$t" --gtest_brief=1 >/dev/null 2>&1 && echo "$(basename "$t"): all passed" || echo "$(basename "$t"): FAILURES (above)"
done

mkdir -p "$models"
for shape in ${QIUSUO_GPU_SHAPES:-r1-distill-qwen-1.5b r1-distill-qwen-7b}; do
  file="$models/$shape-Q4_K_M.gguf"
  if [[ ! -s "$file" ]]; then
    step "gen-model $shape Q4_K_M"
    "$cli" gen-model --arch qwen2 --shape "$shape" --type q4_k_m --seed 1 --quick --quiet --out "$file"
  fi
  ls -l "$file"
  step "bench $shape Q4_K_M"
  "$gpubench" --model "$file" -p 512 -n 128 -r 3
done
# Partial offload: half of the 7B shape's 28 blocks on the GPU, the rest on
# the CPU (this machine's cores), against all of it on the GPU above.
file="$models/r1-distill-qwen-7b-Q4_K_M.gguf"
if [[ -s "$file" ]]; then
  step "bench r1-distill-qwen-7b Q4_K_M, 14 of 28 layers on the GPU"
  "$cli" bench --model "$file" --device cuda --gpu-layers 14 -p 512 -n 32 -r 1 || true
fi
# deepseek2 (MLA + 64 experts, 6 used) wholly on the GPU: --device cuda, as
# auto keeps deepseek2 on the CPU until these tests have passed on a device.
if [[ "${QIUSUO_GPU_MOE:-1}" != 0 ]]; then
  file="$models/deepseek-v2-lite-Q4_K_M.gguf"
  if [[ ! -s "$file" ]]; then
    step "gen-model deepseek-v2-lite Q4_K_M"
    "$cli" gen-model --arch deepseek2 --shape deepseek-v2-lite --type q4_k_m --seed 1 --quick --quiet --out "$file"
  fi
  step "bench deepseek-v2-lite Q4_K_M on the GPU"
  "$cli" bench --model "$file" --device cuda -p 512 -n 128 -r 1 || true
fi
step "done"
