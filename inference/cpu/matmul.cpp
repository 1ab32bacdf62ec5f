// matmul: y[t][r] = dot(W row r, x[t]). Rows are split over the pool; each
// row is decoded once and used for every token.
#include "inference/cpu/matmul.h"

#include "inference/cpu/threadpool.h"
#include "inference/error.h"

#include <string>
#include <vector>

namespace qiusuo::cpu {
namespace {

/// The engine's compute types plus Q4_1/Q5_1, which cost nothing extra here.
bool supported(gguf::GgmlType t)
{
    return gguf::isSupportedForCompute(t) || t == gguf::GgmlType::Q4_1 || t == gguf::GgmlType::Q5_1;
}

void checkShape(const WeightView& w)
{
    const auto traits = gguf::ggmlTypeTraits(static_cast<std::uint32_t>(w.type));
    if (!traits || !supported(w.type))
        throw Error("Tensor type " + std::string(traits ? traits->name : "unknown") +
                    " is not supported for matrix products on the CPU.");
    if (w.rows <= 0 || w.cols <= 0 || w.cols % traits->blockSize != 0)
        throw Error("A weight matrix of " + std::to_string(w.rows) + " rows of " +
                    std::to_string(w.cols) + " " + std::string(traits->name) +
                    " elements has an invalid shape (the row length must be a positive multiple of " +
                    std::to_string(traits->blockSize) + ").");
    const std::size_t expected = static_cast<std::size_t>(w.cols / traits->blockSize) * traits->typeSize;
    if (w.rowBytes != expected)
        throw Error("A weight matrix's row size is " + std::to_string(w.rowBytes) + " bytes, but " +
                    std::to_string(w.cols) + " " + std::string(traits->name) + " elements take " +
                    std::to_string(expected) + ".");
}

} // namespace

void matmul(const WeightView& w, const float* x, std::int64_t nTokens, float* y,
            Precision precision, ThreadPool* pool)
{
    (void)precision;
    checkShape(w);
    if (nTokens <= 0)
        return;
    const auto* base = static_cast<const std::uint8_t*>(w.data);
    auto work = [&](std::int64_t r0, std::int64_t r1, int) {
        std::vector<float> row(static_cast<std::size_t>(w.cols));
        for (std::int64_t r = r0; r < r1; ++r) {
            dequantizeRow(w.type, base + static_cast<std::size_t>(r) * w.rowBytes, row.data(), w.cols);
            for (std::int64_t t = 0; t < nTokens; ++t) {
                const float* xt = x + t * w.cols;
                double acc = 0.0;
                for (std::int64_t c = 0; c < w.cols; ++c)
                    acc += static_cast<double>(row[static_cast<std::size_t>(c)]) * xt[c];
                y[t * w.rows + r] = static_cast<float>(acc);
            }
        }
    };
    if (pool)
        pool->parallelFor(w.rows, 16, work);
    else
        work(0, w.rows, 0);
}

} // namespace qiusuo::cpu
